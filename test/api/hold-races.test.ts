// Real parallel requests against a listening server: the database decides who wins, and the counts
// must be exact on SQLite and on Postgres.
import { startTestServer } from '../support/app';
import { createShowtime, registerUsers, type TestUser } from '../support/factories';
import { call, countStatuses } from '../support/http';

let server: Awaited<ReturnType<typeof startTestServer>>;
let users: TestUser[];
beforeAll(async () => {
  server = await startTestServer({ MAX_SEATS_PER_USER: '10', DATABASE_POOL_SIZE: '10' });
  users = await registerUsers(server.request, 200);
});
afterAll(() => server.close());

const holdRequest = (user: TestUser, showtimeId: string, seats: string[]) =>
  call(server.url, 'POST', `/api/showtimes/${showtimeId}/holds`, { token: user.token, body: { seats } });

describe('racing for seats', () => {
  it('when 200 users race for one seat at once, then exactly one holds it and 199 get 409', async () => {
    const showtime = await createShowtime(server.context);
    const replies = await Promise.all(users.map((user) => holdRequest(user, showtime.id, ['B5'])));
    expect(countStatuses(replies)).toEqual({ 201: 1, 409: 199 });
    for (const reply of replies.filter((r) => r.status === 409)) {
      expect(reply.body.error).toMatchObject({ code: 'SEATS_UNAVAILABLE', details: { seats: ['B5'] } });
    }
    const db = server.context.db;
    expect(await db.hold.count({ where: { showtimeId: showtime.id, status: 'active' } })).toBe(1);
    expect(await db.seatClaim.count({ where: { showtimeId: showtime.id } })).toBe(1);
    const winner = replies.find((r) => r.status === 201)?.body.hold;
    const claim = await db.seatClaim.findFirst({ where: { showtimeId: showtime.id } });
    expect(claim).toMatchObject({ seatLabel: 'B5', holdId: winner.id });
  });

  it('when 100 users race for 5 seats in overlapping pairs, then no seat is in two holds', async () => {
    const showtime = await createShowtime(server.context);
    const pairs = [
      ['A1', 'A2'],
      ['A2', 'A3'],
      ['A3', 'A4'],
      ['A4', 'A5'],
      ['A5', 'A1'],
    ];
    const replies = await Promise.all(users.slice(0, 100).map((user, i) => holdRequest(user, showtime.id, pairs[i % 5] as string[])));
    const winners = replies.filter((r) => r.status === 201).map((r) => r.body.hold.seats as string[]);
    // The pairs form a ring of five seats. Nothing is released, so when every request has been answered
    // each pair has a held seat: the winners are a maximal set of disjoint pairs of the ring, which is
    // always exactly two pairs (four seats; the fifth seat's both pairs overlap a winner).
    expect(countStatuses(replies)).toEqual({ 201: 2, 409: 98 });
    const heldSeats = winners.flat();
    expect(heldSeats).toHaveLength(4);
    expect(new Set(heldSeats).size).toBe(4);
    const claims = await server.context.db.seatClaim.findMany({ where: { showtimeId: showtime.id } });
    expect(claims.map((c) => c.seatLabel).sort()).toEqual([...heldSeats].sort());
    const active = await server.context.db.hold.findMany({ where: { showtimeId: showtime.id, status: 'active' } });
    expect(active).toHaveLength(winners.length);
  });

  it('when 20 purchases of one hold share one Idempotency-Key, then one booking and the rest replay or wait', async () => {
    const showtime = await createShowtime(server.context, { priceCents: 1250 });
    const [buyer] = users;
    const hold = (await holdRequest(buyer as TestUser, showtime.id, ['C1', 'C2'])).body.hold;
    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        call(server.url, 'POST', `/api/holds/${hold.id}/purchase`, {
          token: buyer?.token,
          body: { paymentToken: 'tok_visa' },
          headers: { 'idempotency-key': 'same-key-20' },
        }),
      ),
    );
    const counts = countStatuses(replies);
    expect((counts[201] ?? 0) + (counts[409] ?? 0)).toBe(20);
    // Exactly one request ran the purchase; every other 201 is a replay of its stored answer. How many
    // replay and how many find it still in progress depends on timing; the one that ran does not.
    const ran = replies.filter((r) => r.status === 201 && r.headers.get('idempotent-replayed') !== 'true');
    expect(ran).toHaveLength(1);
    const bookings = replies.filter((r) => r.status === 201).map((r) => r.body.booking);
    expect(new Set(bookings.map((b) => b.id)).size).toBe(1);
    expect(bookings[0]).toMatchObject({ seats: ['C1', 'C2'], totalCents: 2500, status: 'confirmed' });
    for (const reply of replies.filter((r) => r.status === 409)) expect(reply.body.error.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    expect(await server.context.db.booking.count({ where: { holdId: hold.id } })).toBe(1);
    // After the dust settles the same key replays the very same answer.
    const again = await call(server.url, 'POST', `/api/holds/${hold.id}/purchase`, {
      token: buyer?.token,
      body: { paymentToken: 'tok_visa' },
      headers: { 'idempotency-key': 'same-key-20' },
    });
    expect(again.status).toBe(201);
    expect(again.body).toEqual({ booking: bookings[0] });
  });
});
