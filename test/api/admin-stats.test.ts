import { createTestApp, startTestServer, type TestApp } from '../support/app';
import { connect } from '../realtime/socket-client';
import { TestClock } from '../support/clock';
import { createAdmin, createShowtime, registerUsers, type TestUser } from '../support/factories';

// Noon UTC today, so moving the clock a few minutes never crosses into another day.
const noon = new Date();
noon.setUTCHours(12, 0, 0, 0);
const clock = new TestClock(noon);
let t: TestApp;
let admin: TestUser;
beforeAll(async () => {
  t = await createTestApp({ HOLD_TTL_SECONDS: '300' }, { clock });
  admin = await createAdmin(t.context, t.request);
});
afterAll(() => t.close());

const stats = async () => {
  const res = await t.request.get('/api/admin/stats').set(admin.auth);
  expect(res.status).toBe(200);
  return res.body;
};

describe('admin stats', () => {
  it('when an anonymous caller or a customer asks for the stats, then 401 and 403', async () => {
    expect((await t.request.get('/api/admin/stats')).status).toBe(401);
    const [customer] = await registerUsers(t.request, 1);
    const res = await t.request.get('/api/admin/stats').set(customer!.auth);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('when nothing has happened yet, then every number is zero and the shape is complete', async () => {
    expect(await stats()).toEqual({
      activeHolds: 0,
      waitlistWaiting: [],
      bookingsToday: 0,
      cache: { hits: 0, misses: 0, hitRatio: 0, keys: 0 },
      rateLimitRejections: {},
      connectedSockets: 0,
    });
  });

  it('when holds, waitlist joins, purchases, cancellations and expiries happen, then the numbers follow', async () => {
    const [buyer, second, third, browser] = await registerUsers(t.request, 4);
    const showtime = await createShowtime(t.context, { rows: 1, seatsPerRow: 2 });
    const other = await createShowtime(t.context, { rows: 1, seatsPerRow: 2 });

    const hold = await t.request
      .post(`/api/showtimes/${showtime.id}/holds`)
      .set(buyer!.auth)
      .send({ seats: ['A1', 'A2'] });
    expect(hold.status).toBe(201);
    expect((await stats()).activeHolds).toBe(1);

    const joins = [];
    for (const user of [second!, third!]) {
      const res = await t.request.post(`/api/showtimes/${showtime.id}/waitlist`).set(user.auth).send({ partySize: 1 });
      expect(res.status).toBe(201);
      joins.push(res.body.entry.id as string);
    }
    expect((await stats()).waitlistWaiting).toEqual([{ showtimeId: showtime.id, waiting: 2 }]);

    const bought = await t.request
      .post(`/api/holds/${hold.body.hold.id}/purchase`)
      .set(buyer!.auth)
      .set('Idempotency-Key', 'stats-1')
      .send({});
    expect(bought.status).toBe(201);
    expect(await stats()).toMatchObject({ activeHolds: 0, bookingsToday: 1 });

    expect((await t.request.delete(`/api/waitlist/${joins[0]}`).set(second!.auth)).status).toBe(204);
    expect((await stats()).waitlistWaiting).toEqual([{ showtimeId: showtime.id, waiting: 1 }]);

    // Cancelling frees two seats; the one waiting party is offered one of them as a hold of its own.
    const cancelled = await t.request.post(`/api/bookings/${bought.body.booking.id}/cancel`).set(buyer!.auth).send({});
    expect(cancelled.status).toBe(200);
    expect(await stats()).toMatchObject({ activeHolds: 1, bookingsToday: 0, waitlistWaiting: [] });

    // A hold whose deadline has passed no longer counts, even before the expiry engine sweeps it.
    expect(
      (
        await t.request
          .post(`/api/showtimes/${other.id}/holds`)
          .set(browser!.auth)
          .send({ seats: ['A1'] })
      ).status,
    ).toBe(201);
    expect((await stats()).activeHolds).toBe(2);
    clock.advance(301);
    expect((await stats()).activeHolds).toBe(0);
  });

  it('when catalog reads repeat, then the cache numbers in the stats move', async () => {
    const before = (await stats()).cache;
    await t.request.get('/api/auditoriums');
    await t.request.get('/api/auditoriums');
    const after = (await stats()).cache;
    expect(after.hits + after.misses - before.hits - before.misses).toBe(2);
    expect(after.hits - before.hits).toBeGreaterThanOrEqual(1);
  });
});

describe('admin stats on a running server', () => {
  it('when viewers connect and disconnect, then connectedSockets follows', async () => {
    const server = await startTestServer();
    try {
      const owner = await createAdmin(server.context, server.request);
      const sockets = async () => (await server.request.get('/api/admin/stats').set(owner.auth)).body.connectedSockets;
      expect(await sockets()).toBe(0);
      const viewers = [await connect(server.url), await connect(server.url)];
      expect(await sockets()).toBe(2);
      viewers[0]!.close();
      await waitUntil(async () => (await sockets()) === 1);
      viewers[1]!.close();
      await waitUntil(async () => (await sockets()) === 0);
    } finally {
      await server.close();
    }
  });
});

/** Polls a condition a disconnect makes true on the server shortly after the client closes. */
async function waitUntil(condition: () => Promise<boolean>, attempts = 200) {
  for (let i = 0; i < attempts; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met');
}
