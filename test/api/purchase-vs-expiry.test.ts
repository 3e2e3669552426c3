// A purchase racing the expiry at the deadline must end as exactly one of: booking confirmed, or 410
// with the seats released (never a booking on released seats, never seats held by an expired hold).
// The deadline is the test's own: the service runs on an injected clock, and each round steps that
// clock across one hold's deadline while its purchase is in flight and an expiry pass runs beside it.
// The first hold is bought well before its deadline and the last after it, so both outcomes are
// always exercised, whichever way the races in between fall.
import { startTestServer } from '../support/app';
import { TestClock } from '../support/clock';
import { createShowtime, registerUsers, type TestUser } from '../support/factories';
import { call } from '../support/http';

const ROUNDS = 50;
const clock = new TestClock();
let server: Awaited<ReturnType<typeof startTestServer>>;
let users: TestUser[];
beforeAll(async () => {
  // A long TTL and sweep interval: nothing expires unless the test moves the clock.
  server = await startTestServer({ HOLD_TTL_SECONDS: '60', HOLD_SWEEP_INTERVAL_MS: '3600000', HOLD_EXPIRING_WARNING_SECONDS: '0' }, { clock });
  users = await registerUsers(server.request, 10);
});
afterAll(() => server.close());

/** Lets the event loop turn `turns` times: finer steps than a millisecond timer, so the clock's step lands at every stage of a purchase. */
async function turns(count: number) {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
}

it('when purchases race the expiry across their deadline 50 times, then every hold ends purchased xor expired, and both happen', async () => {
  const showtime = await createShowtime(server.context, { rows: 5, seatsPerRow: 10 });
  const labels = Array.from({ length: ROUNDS }, (_, i) => `${String.fromCharCode(65 + Math.floor(i / 10))}${(i % 10) + 1}`);
  // One hold per round, each made a second later on the clock, so each has a deadline of its own.
  const holds: { id: string; seat: string; deadline: number; user: TestUser }[] = [];
  for (let n = 0; n < ROUNDS; n++) {
    const user = users[n % users.length] as TestUser;
    const seat = labels[n] as string;
    const reply = await call(server.url, 'POST', `/api/showtimes/${showtime.id}/holds`, { token: user.token, body: { seats: [seat] } });
    expect(reply.status).toBe(201);
    holds.push({ id: reply.body.hold.id, seat, deadline: new Date(reply.body.hold.expiresAt).getTime(), user });
    clock.advance(1);
  }

  const outcomes: { holdId: string; seat: string; status: number }[] = [];
  for (const [n, hold] of holds.entries()) {
    const purchase = () =>
      call(server.url, 'POST', `/api/holds/${hold.id}/purchase`, { token: hold.user.token, body: {}, headers: { 'idempotency-key': `race-${n}` } });
    let status: number;
    if (n === 0) {
      clock.set(new Date(hold.deadline - 10_000)); // well inside the deadline: must be bought
      status = (await purchase()).status;
      expect(status).toBe(201);
    } else if (n === ROUNDS - 1) {
      clock.set(new Date(hold.deadline + 1)); // past it: must be refused and released
      status = (await purchase()).status;
      expect(status).toBe(410);
    } else {
      clock.set(new Date(hold.deadline - 1));
      const reply = purchase();
      // Step the clock over the deadline 0-48 event-loop turns into the purchase, and expire at once beside it.
      await turns(n);
      clock.set(new Date(hold.deadline));
      const [answer] = await Promise.all([reply, server.context.services.holds.expireOverdueIn(showtime.id)]);
      status = answer.status;
    }
    outcomes.push({ holdId: hold.id, seat: hold.seat, status });
  }
  // Whatever is still active and overdue is expired by one last pass.
  clock.set(new Date(Math.max(...holds.map((hold) => hold.deadline)) + 1));
  await server.context.services.holds.expireOverdueIn(showtime.id);

  const db = server.context.db;
  expect(outcomes).toHaveLength(ROUNDS);
  for (const { holdId, seat, status } of outcomes) {
    expect([201, 410]).toContain(status);
    const hold = await db.hold.findUniqueOrThrow({ where: { id: holdId } });
    const booking = await db.booking.findUnique({ where: { holdId } });
    const claim = await db.seatClaim.findUnique({ where: { showtimeId_seatLabel: { showtimeId: showtime.id, seatLabel: seat } } });
    if (status === 201) {
      expect(hold.status).toBe('purchased');
      expect(booking?.status).toBe('confirmed');
      expect(claim?.bookingId).toBe(booking?.id);
    } else {
      expect(hold.status).toBe('expired');
      expect(booking).toBeNull();
      expect(claim).toBeNull();
    }
  }
  const sold = outcomes.filter((o) => o.status === 201).length;
  expect(sold).toBeGreaterThanOrEqual(1);
  expect(ROUNDS - sold).toBeGreaterThanOrEqual(1);
  expect(await db.booking.count({ where: { showtimeId: showtime.id } })).toBe(sold);
  expect(await db.seatClaim.count({ where: { showtimeId: showtime.id } })).toBe(sold);
  expect(await db.hold.count({ where: { showtimeId: showtime.id, status: 'active' } })).toBe(0);
});
