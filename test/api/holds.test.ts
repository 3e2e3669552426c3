import { createTestApp, type TestApp } from '../support/app';
import { TestClock } from '../support/clock';
import { createShowtime, registerUser, type TestUser } from '../support/factories';

let t: TestApp;
const clock = new TestClock();
beforeAll(async () => {
  t = await createTestApp(
    { HOLD_TTL_SECONDS: '300', HOLD_EXTEND_SECONDS: '120', MAX_SEATS_PER_HOLD: '4', MAX_SEATS_PER_USER: '6' },
    { clock },
  );
});
afterAll(() => t.close());

const hold = (user: TestUser, showtimeId: string, seats: string[]) =>
  t.request.post(`/api/showtimes/${showtimeId}/holds`).set(user.auth).send({ seats });
const seatMap = async (showtimeId: string, user?: TestUser) => {
  const req = t.request.get(`/api/showtimes/${showtimeId}/seats`);
  const res = user ? await req.set(user.auth) : await req;
  return res.body as { version: number; seats: Array<{ label: string; status: string; mine?: boolean }> };
};
const statusOf = (map: Awaited<ReturnType<typeof seatMap>>, label: string) => map.seats.find((s) => s.label === label);

describe('holding seats', () => {
  it('when a user holds free seats, then they are held for HOLD_TTL_SECONDS and the map says held and mine', async () => {
    const showtime = await createShowtime(t.context);
    const user = await registerUser(t.request);
    const before = await seatMap(showtime.id);
    const res = await hold(user, showtime.id, ['B2', 'A1']);
    expect(res.status).toBe(201);
    expect(res.body.hold).toMatchObject({ showtimeId: showtime.id, seats: ['A1', 'B2'], status: 'active' });
    expect(new Date(res.body.hold.expiresAt).getTime() - clock.now().getTime()).toBe(300_000);

    const mine = await seatMap(showtime.id, user);
    expect(mine.version).toBeGreaterThan(before.version);
    expect(statusOf(mine, 'A1')).toMatchObject({ status: 'held', mine: true });
    const anonymous = await seatMap(showtime.id);
    expect(statusOf(anonymous, 'A1')?.status).toBe('held');
    expect(statusOf(anonymous, 'A1')?.mine).toBeUndefined();
    expect(anonymous.seats.filter((s) => s.status === 'held')).toHaveLength(2);

    const list = await t.request.get('/api/holds').set(user.auth);
    expect(list.body.holds.map((h: { id: string }) => h.id)).toEqual([res.body.hold.id]);
  });

  it('when any requested seat is taken, then nothing is held and 409 names the taken seats', async () => {
    const showtime = await createShowtime(t.context);
    const [a, b] = [await registerUser(t.request), await registerUser(t.request)];
    expect((await hold(a, showtime.id, ['A2'])).status).toBe(201);
    const res = await hold(b, showtime.id, ['A1', 'A2', 'A3']);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'SEATS_UNAVAILABLE', details: { seats: ['A2'] } });
    const map = await seatMap(showtime.id);
    expect(statusOf(map, 'A1')?.status).toBe('available');
    expect(statusOf(map, 'A3')?.status).toBe('available');
    expect(await t.context.db.hold.count({ where: { showtimeId: showtime.id } })).toBe(1);
  });

  it('when seats are unknown, duplicated, too many or malformed, then 400 and nothing is held', async () => {
    const showtime = await createShowtime(t.context);
    const user = await registerUser(t.request);
    const cases = [['Z9'], ['A1', 'A1'], ['A1', 'A2', 'A3', 'A4', 'A5'], [], ['a1'], [7]];
    for (const seats of cases) {
      const res = await t.request.post(`/api/showtimes/${showtime.id}/holds`).set(user.auth).send({ seats });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect(
      (
        await t.request
          .post(`/api/showtimes/${showtime.id}/holds`)
          .set(user.auth)
          .send({ seats: ['A1'], extra: 1 })
      ).status,
    ).toBe(400);
    expect(await t.context.db.hold.count({ where: { showtimeId: showtime.id } })).toBe(0);
  });

  it('when a user would pass MAX_SEATS_PER_USER for a showtime, then 409 HOLD_LIMIT_EXCEEDED', async () => {
    const showtime = await createShowtime(t.context);
    const user = await registerUser(t.request);
    expect((await hold(user, showtime.id, ['A1', 'A2', 'A3', 'A4'])).status).toBe(201);
    const res = await hold(user, showtime.id, ['B1', 'B2', 'B3']);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('HOLD_LIMIT_EXCEEDED');
    expect((await hold(user, showtime.id, ['B1', 'B2'])).status).toBe(201);
  });

  it('when the showtime has started or does not exist, then no hold', async () => {
    const showtime = await createShowtime(t.context, { startsInMinutes: 1 });
    const user = await registerUser(t.request);
    clock.advance(120);
    try {
      const res = await hold(user, showtime.id, ['A1']);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('SHOWTIME_STARTED');
    } finally {
      clock.advance(-120);
    }
    expect((await hold(user, 'no-such-showtime', ['A1'])).status).toBe(404);
  });

  it('when the owner releases a hold, then its seats are free at once', async () => {
    const showtime = await createShowtime(t.context);
    const user = await registerUser(t.request);
    const { body } = await hold(user, showtime.id, ['C1', 'C2']);
    const res = await t.request.delete(`/api/holds/${body.hold.id}`).set(user.auth);
    expect(res.status).toBe(204);
    const map = await seatMap(showtime.id);
    expect(map.seats.map((s) => s.status)).toEqual(Array(30).fill('available'));
    expect((await t.request.get(`/api/holds/${body.hold.id}`).set(user.auth)).body.hold.status).toBe('released');
    expect((await t.request.delete(`/api/holds/${body.hold.id}`).set(user.auth)).status).toBe(204);
  });

  it('when the owner extends, then the deadline moves by HOLD_EXTEND_SECONDS, once', async () => {
    const showtime = await createShowtime(t.context);
    const user = await registerUser(t.request);
    const { body } = await hold(user, showtime.id, ['A1']);
    const res = await t.request.post(`/api/holds/${body.hold.id}/extend`).set(user.auth);
    expect(res.status).toBe(200);
    expect(new Date(res.body.hold.expiresAt).getTime() - new Date(body.hold.expiresAt).getTime()).toBe(120_000);
    const again = await t.request.post(`/api/holds/${body.hold.id}/extend`).set(user.auth);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_EXTENDED');
  });

  it('when the deadline has passed, then release, extend and purchase answer 410 and the seats are free', async () => {
    const showtime = await createShowtime(t.context);
    const user = await registerUser(t.request);
    const holds = await Promise.all([['A1'], ['A2'], ['A3']].map(async (seats) => (await hold(user, showtime.id, seats)).body.hold.id));
    clock.advance(301);
    expect((await t.request.get(`/api/holds/${holds[0]}`).set(user.auth)).body.hold.status).toBe('expired');
    expect((await t.request.delete(`/api/holds/${holds[0]}`).set(user.auth)).status).toBe(410);
    expect((await t.request.post(`/api/holds/${holds[1]}/extend`).set(user.auth)).status).toBe(410);
    const purchase = await t.request.post(`/api/holds/${holds[2]}/purchase`).set(user.auth).set('Idempotency-Key', 'k-expired').send({});
    expect(purchase.status).toBe(410);
    expect(purchase.body.error.code).toBe('HOLD_EXPIRED');
    const map = await seatMap(showtime.id);
    expect(map.seats.map((s) => s.status)).toEqual(Array(30).fill('available'));
    expect(await t.context.db.booking.count({ where: { showtimeId: showtime.id } })).toBe(0);
    const stored = await t.context.db.hold.findMany({ where: { id: { in: holds } } });
    expect(stored.map((h) => h.status).sort()).toEqual(['expired', 'expired', 'expired']);
  });

  it('when a hold is past its deadline but not yet released, then its seat can be held by someone else at once', async () => {
    const showtime = await createShowtime(t.context);
    const [first, second] = [await registerUser(t.request), await registerUser(t.request)];
    const old = (await hold(first, showtime.id, ['B1'])).body.hold;
    clock.advance(299);
    expect((await hold(second, showtime.id, ['B1'])).status).toBe(409);
    clock.advance(2);
    const res = await hold(second, showtime.id, ['B1', 'B2']);
    expect(res.status).toBe(201);
    expect((await t.context.db.hold.findUniqueOrThrow({ where: { id: old.id } })).status).toBe('expired');
    const map = await seatMap(showtime.id, second);
    expect(statusOf(map, 'B1')).toMatchObject({ status: 'held', mine: true });
  });

  it("when another user touches someone's hold or booking, then it does not exist for them", async () => {
    const showtime = await createShowtime(t.context);
    const [owner, other] = [await registerUser(t.request), await registerUser(t.request)];
    const holdId = (await hold(owner, showtime.id, ['A1'])).body.hold.id;
    const secondHold = (await hold(owner, showtime.id, ['A2'])).body.hold.id;
    const booking = await t.request.post(`/api/holds/${secondHold}/purchase`).set(owner.auth).set('Idempotency-Key', 'own').send({});
    expect(booking.status).toBe(201);
    const bookingId = booking.body.booking.id;
    const attempts = [
      t.request.get(`/api/holds/${holdId}`).set(other.auth),
      t.request.delete(`/api/holds/${holdId}`).set(other.auth),
      t.request.post(`/api/holds/${holdId}/extend`).set(other.auth),
      t.request.post(`/api/holds/${holdId}/purchase`).set(other.auth).set('Idempotency-Key', 'steal').send({}),
      t.request.get(`/api/bookings/${bookingId}`).set(other.auth),
      t.request.post(`/api/bookings/${bookingId}/cancel`).set(other.auth),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    expect((await t.request.get(`/api/holds/${holdId}`).set(owner.auth)).body.hold.status).toBe('active');
    expect((await t.request.get(`/api/bookings/${bookingId}`).set(owner.auth)).body.booking.status).toBe('confirmed');
    expect((await t.request.get('/api/holds/xyz')).status).toBe(401);
  });
});
