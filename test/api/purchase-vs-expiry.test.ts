// A purchase racing the expiry at the deadline must end as exactly one of: booking confirmed, or 410
// with the seats released and nothing charged (never a booking on released seats, never seats held by an
// expired hold, never money kept for seats not sold). A purchase that reached the till before the deadline
// keeps its hold while it pays (checkout lanes, docs/checkout-lanes.md). The deadline is the test's own:
// the service runs on an injected clock, and its payment gateway (the fake one, wrapped) can be paused
// right after it has charged, so each round puts the deadline at a chosen point, with an expiry pass beside:
//   - well before the purchase: bought (201);
//   - while the payment is in flight: bought (201), the hold was kept for it;
//   - before the purchase starts: 410, nothing charged.
import { startTestServer } from '../support/app';
import { TestClock } from '../support/clock';
import { createShowtime, registerUsers, type TestUser } from '../support/factories';
import { call } from '../support/http';
import { createFakePaymentGateway, type PaymentGateway } from '../../src/modules/holds';

const ROUNDS = 48;
const clock = new TestClock();
let server: Awaited<ReturnType<typeof startTestServer>>;
let users: TestUser[];

// The fake gateway, paused after a charge while `pause` is set: `charged` resolves when the money has
// moved, and the gateway answers the service only once the test calls `resume`.
let pause: { charged: () => void; resume: Promise<void> } | undefined;
let real: PaymentGateway;
const payments: PaymentGateway = {
  async charge(charge) {
    const result = await real.charge(charge);
    const paused = pause;
    if (paused) {
      paused.charged();
      await paused.resume;
    }
    return result;
  },
  findCharge: (key) => real.findCharge(key),
  refund: (chargeId) => real.refund(chargeId),
};
function pauseAfterNextCharge() {
  let charged!: () => void;
  let resume!: () => void;
  const reached = new Promise<void>((done) => (charged = done));
  pause = { charged, resume: new Promise<void>((done) => (resume = done)) };
  return { reached, resume: () => ((pause = undefined), resume()) };
}

beforeAll(async () => {
  // A long TTL and sweep interval: nothing expires unless the test moves the clock.
  server = await startTestServer(
    { HOLD_TTL_SECONDS: '60', HOLD_SWEEP_INTERVAL_MS: '3600000', HOLD_EXPIRING_WARNING_SECONDS: '0' },
    { clock, payments },
  );
  real = createFakePaymentGateway(server.context.db);
  users = await registerUsers(server.request, 8);
});
afterAll(() => server.close());

type Moment = 'before' | 'during-payment' | 'after';
const moments: Moment[] = ['before', 'during-payment', 'after'];

it('when the deadline falls before, during or after the payment of 48 purchases, then each ends bought xor expired, never charged for nothing', async () => {
  const showtime = await createShowtime(server.context, { rows: 5, seatsPerRow: 10 });
  const db = server.context.db;
  const labels = Array.from({ length: ROUNDS }, (_, i) => `${String.fromCharCode(65 + Math.floor(i / 10))}${(i % 10) + 1}`);
  // One hold per round, each made a second later on the clock, so each has a deadline of its own.
  const holds: { id: string; seat: string; deadline: number; user: TestUser }[] = [];
  for (let n = 0; n < ROUNDS; n++) {
    const user = users[n % users.length] as TestUser;
    const reply = await call(server.url, 'POST', `/api/showtimes/${showtime.id}/holds`, {
      token: user.token,
      body: { seats: [labels[n]] },
    });
    expect(reply.status).toBe(201);
    holds.push({ id: reply.body.hold.id, seat: labels[n] as string, deadline: Date.parse(reply.body.hold.expiresAt), user });
    clock.advance(1);
  }

  const outcomes: { holdId: string; seat: string; moment: Moment; status: number; key: string }[] = [];
  for (const [n, hold] of holds.entries()) {
    const moment = moments[n % 3] as Moment;
    const key = `race-${n}`;
    const purchase = () =>
      call(server.url, 'POST', `/api/holds/${hold.id}/purchase`, { token: hold.user.token, body: {}, headers: { 'idempotency-key': key } });
    let status: number;
    if (moment === 'before') {
      clock.set(new Date(hold.deadline - 10_000));
      status = (await purchase()).status;
    } else if (moment === 'after') {
      clock.set(new Date(hold.deadline + 1));
      status = (await purchase()).status;
    } else {
      clock.set(new Date(hold.deadline - 1));
      const gate = pauseAfterNextCharge();
      const reply = purchase();
      // The money has moved and the service has not heard yet: the deadline passes, the expiry runs.
      await gate.reached;
      clock.set(new Date(hold.deadline));
      const expiring = server.context.services.holds.expireOverdueIn(showtime.id);
      gate.resume();
      const [answer] = await Promise.all([reply, expiring]);
      status = answer.status;
    }
    outcomes.push({ holdId: hold.id, seat: hold.seat, moment, status, key: `${hold.user.id}:${key}` });
  }

  expect(outcomes.map((o) => `${o.moment}:${o.status}`).sort()).toEqual(
    moments.flatMap((moment) => Array.from({ length: ROUNDS / 3 }, () => `${moment}:${moment === 'after' ? 410 : 201}`)).sort(),
  );
  for (const { holdId, seat, status, moment, key } of outcomes) {
    const hold = await db.hold.findUniqueOrThrow({ where: { id: holdId } });
    const booking = await db.booking.findUnique({ where: { holdId } });
    const claim = await db.seatClaim.findUnique({ where: { showtimeId_seatLabel: { showtimeId: showtime.id, seatLabel: seat } } });
    const charge = await db.fakePaymentCharge.findUnique({ where: { idempotencyKey: key } });
    if (status === 201) {
      expect(hold.status).toBe('purchased');
      expect(booking?.status).toBe('confirmed');
      expect(claim?.bookingId).toBe(booking?.id);
      expect(charge?.refundedAt).toBeNull(); // paid, kept
      // Bought while its deadline passed: only because the till kept the hold for it.
      if (moment === 'during-payment')
        expect(hold.expiresAt.getTime()).toBeGreaterThan(holds[outcomes.findIndex((o) => o.holdId === holdId)]!.deadline);
    } else {
      expect(hold.status).toBe('expired');
      expect(booking).toBeNull();
      expect(claim).toBeNull();
      expect(charge).toBeNull(); // refused before any money moved
    }
  }
  const sold = outcomes.filter((o) => o.status === 201).length;
  expect(await db.booking.count({ where: { showtimeId: showtime.id } })).toBe(sold);
  expect(await db.seatClaim.count({ where: { showtimeId: showtime.id } })).toBe(sold);
  expect(await db.hold.count({ where: { showtimeId: showtime.id, status: 'active' } })).toBe(0);
});
