// Random sequences of hold / release / extend / purchase / cancel / expire. Every answer must be the one a
// model of the holds and bookings predicts (status and code), and after every step the seat map must agree
// with the database and no seat may be in two active holds or bookings.
import fc from 'fast-check';
import { createTestApp, type TestApp } from '../support/app';
import { TestClock } from '../support/clock';
import { createShowtime, registerUser, type TestUser } from '../support/factories';

const TTL = 60;
const EXTEND = 30;
const MAX_PER_USER = 6;
const clock = new TestClock();
let t: TestApp;
let users: TestUser[];
beforeAll(async () => {
  // Each run gets a new showtime; the cap across showtimes is set out of reach so earlier runs' holds do not count.
  t = await createTestApp(
    {
      HOLD_TTL_SECONDS: String(TTL),
      HOLD_EXTEND_SECONDS: String(EXTEND),
      MAX_SEATS_PER_USER: String(MAX_PER_USER),
      MAX_SEATS_PER_HOLD: '3',
      MAX_SEATS_PER_USER_TOTAL: '1000',
    },
    { clock },
  );
  users = [await registerUser(t.request), await registerUser(t.request), await registerUser(t.request)];
});
afterAll(() => t.close());

const LABELS = ['A1', 'A2', 'A3', 'B1', 'B2', 'B3'];
type Op =
  | { kind: 'hold'; user: number; seats: string[] }
  | { kind: 'release' | 'extend' | 'purchase'; user: number; pick: number }
  | { kind: 'cancel'; user: number; pick: number }
  | { kind: 'wait'; seconds: number };

const user = fc.nat(2);
const pick = fc.nat(9);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('hold' as const),
      user,
      seats: fc.uniqueArray(fc.constantFrom(...LABELS), { minLength: 1, maxLength: 3 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('purchase' as const), user, pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('release' as const, 'extend' as const), user, pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), user, pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wait' as const), seconds: fc.constantFrom(10, 45, TTL + 1) }) },
);

/**
 * What the service must answer, computed from a model of the holds and bookings: every step's status and
 * error code is predicted exactly, so a wrong answer fails the property (not only a 5xx).
 */
type ModelHold = {
  user: number;
  seats: string[];
  status: 'active' | 'purchased' | 'released' | 'expired';
  expiresAt: number;
  extended: boolean;
  bookingId?: string;
};
type ModelBooking = { user: number; seats: string[]; status: 'confirmed' | 'cancelled' };
type Model = { holds: Map<string, ModelHold>; bookings: Map<string, ModelBooking> };

/** A hold past its deadline counts as expired everywhere, whether or not the engine got to it yet. */
const effective = (hold: ModelHold) => (hold.status === 'active' && hold.expiresAt <= clock.now().getTime() ? 'expired' : hold.status);

function takenSeats(model: Model) {
  const taken = new Set<string>();
  for (const hold of model.holds.values()) if (effective(hold) === 'active') hold.seats.forEach((seat) => taken.add(seat));
  for (const booking of model.bookings.values()) if (booking.status === 'confirmed') booking.seats.forEach((seat) => taken.add(seat));
  return taken;
}

function seatsOfUser(model: Model, user: number) {
  let count = 0;
  for (const hold of model.holds.values()) if (hold.user === user && effective(hold) === 'active') count += hold.seats.length;
  for (const booking of model.bookings.values()) if (booking.user === user && booking.status === 'confirmed') count += booking.seats.length;
  return count;
}

function expectAnswer(res: { status: number; body: { error?: { code: string } } }, status: number, code?: string) {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
}

async function apply(op: Op, showtimeId: string, model: Model, step: number) {
  if (op.kind === 'wait') {
    clock.advance(op.seconds);
    await t.context.expiryEngine.sweep();
    return;
  }
  const user = users[op.user] as TestUser;
  if (op.kind === 'hold') {
    const taken = takenSeats(model);
    const res = await t.request.post(`/api/showtimes/${showtimeId}/holds`).set(user.auth).send({ seats: op.seats });
    if (op.seats.some((seat) => taken.has(seat))) return expectAnswer(res, 409, 'SEATS_UNAVAILABLE');
    if (seatsOfUser(model, op.user) + op.seats.length > MAX_PER_USER) return expectAnswer(res, 409, 'HOLD_LIMIT_EXCEEDED');
    expectAnswer(res, 201);
    model.holds.set(res.body.hold.id, {
      user: op.user,
      seats: [...op.seats],
      status: 'active',
      expiresAt: Date.parse(res.body.hold.expiresAt),
      extended: false,
    });
    return;
  }
  if (op.kind === 'cancel') {
    const mine = [...model.bookings.entries()].filter(([, booking]) => booking.user === op.user);
    if (mine.length === 0) return;
    const [id, booking] = mine[op.pick % mine.length] as [string, ModelBooking];
    const res = await t.request.post(`/api/bookings/${id}/cancel`).set(user.auth);
    expectAnswer(res, 200); // cancelling twice is a no-op, still 200
    expect(res.body.booking.status).toBe('cancelled');
    booking.status = 'cancelled';
    return;
  }
  const mine = [...model.holds.entries()].filter(([, hold]) => hold.user === op.user);
  if (mine.length === 0) return;
  const [id, hold] = mine[op.pick % mine.length] as [string, ModelHold];
  const state = effective(hold);
  if (state === 'expired') hold.status = 'expired';
  if (op.kind === 'release') {
    const res = await t.request.delete(`/api/holds/${id}`).set(user.auth);
    if (state === 'expired') return expectAnswer(res, 410, 'HOLD_EXPIRED');
    if (state === 'purchased') return expectAnswer(res, 409, 'HOLD_NOT_ACTIVE');
    expectAnswer(res, 204); // releasing a released hold is a no-op
    hold.status = 'released';
    return;
  }
  if (op.kind === 'extend') {
    const res = await t.request.post(`/api/holds/${id}/extend`).set(user.auth);
    if (state === 'expired') return expectAnswer(res, 410, 'HOLD_EXPIRED');
    if (state !== 'active') return expectAnswer(res, 409, 'HOLD_NOT_ACTIVE');
    if (hold.extended) return expectAnswer(res, 409, 'ALREADY_EXTENDED');
    expectAnswer(res, 200);
    hold.extended = true;
    hold.expiresAt += EXTEND * 1000;
    expect(Date.parse(res.body.hold.expiresAt)).toBe(hold.expiresAt);
    return;
  }
  const res = await t.request.post(`/api/holds/${id}/purchase`).set(user.auth).set('Idempotency-Key', `k-${step}-${id}`).send({});
  if (state === 'expired') return expectAnswer(res, 410, 'HOLD_EXPIRED');
  if (state === 'released') return expectAnswer(res, 409, 'HOLD_NOT_ACTIVE');
  expectAnswer(res, 201);
  if (state === 'purchased') {
    // The owner buying their bought hold again (a retry with a new key) gets that booking back.
    expect(res.body.booking.id).toBe(hold.bookingId);
    return;
  }
  hold.status = 'purchased';
  hold.bookingId = res.body.booking.id;
  model.bookings.set(res.body.booking.id, { user: op.user, seats: [...hold.seats], status: 'confirmed' });
}

async function checkInvariants(showtimeId: string) {
  const db = t.context.db;
  const map = (await t.request.get(`/api/showtimes/${showtimeId}/seats`)).body as { seats: Array<{ label: string; status: string }> };
  const count = (status: string) => map.seats.filter((s) => s.status === status).length;
  expect(count('available') + count('held') + count('sold')).toBe(LABELS.length);

  const activeHolds = await db.hold.findMany({ where: { showtimeId, status: 'active' } });
  const confirmed = await db.booking.findMany({ where: { showtimeId, status: 'confirmed' } });
  const heldSeats = activeHolds.flatMap((h) => JSON.parse(h.seats) as string[]);
  const soldSeats = confirmed.flatMap((b) => JSON.parse(b.seats) as string[]);
  const everyClaimed = [...heldSeats, ...soldSeats];
  expect(new Set(everyClaimed).size).toBe(everyClaimed.length); // no seat twice
  expect(
    map.seats
      .filter((s) => s.status === 'held')
      .map((s) => s.label)
      .sort(),
  ).toEqual([...heldSeats].sort());
  expect(
    map.seats
      .filter((s) => s.status === 'sold')
      .map((s) => s.label)
      .sort(),
  ).toEqual([...soldSeats].sort());
  expect(await db.seatClaim.count({ where: { showtimeId } })).toBe(everyClaimed.length);
}

it('when random hold/release/extend/purchase/cancel/expire sequences run, then free + held + sold = capacity and no seat is taken twice', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 8, maxLength: 30 }), async (ops) => {
      const showtime = await createShowtime(t.context, { rows: 2, seatsPerRow: 3, startsInMinutes: 7 * 24 * 60 });
      const model: Model = { holds: new Map(), bookings: new Map() };
      for (const [step, op] of ops.entries()) {
        await apply(op, showtime.id, model, step);
        await checkInvariants(showtime.id);
      }
    }),
    { numRuns: 40 },
  );
});
