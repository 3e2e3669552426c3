// Random sequences of hold / release / extend / purchase / cancel / expire, checking after every step that
// the seat map agrees with the database and no seat is in two active holds or bookings.
import fc from 'fast-check';
import { createTestApp, type TestApp } from '../support/app';
import { TestClock } from '../support/clock';
import { createShowtime, registerUser, type TestUser } from '../support/factories';

const TTL = 60;
const clock = new TestClock();
let t: TestApp;
let users: TestUser[];
beforeAll(async () => {
  t = await createTestApp({ HOLD_TTL_SECONDS: String(TTL), HOLD_EXTEND_SECONDS: '30', MAX_SEATS_PER_USER: '6', MAX_SEATS_PER_HOLD: '3' }, { clock });
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
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('hold' as const), user, seats: fc.uniqueArray(fc.constantFrom(...LABELS), { minLength: 1, maxLength: 3 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('purchase' as const), user, pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('release' as const, 'extend' as const), user, pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), user, pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wait' as const), seconds: fc.constantFrom(10, 45, TTL + 1) }) },
);

async function apply(op: Op, showtimeId: string, holdIds: string[][], bookingIds: string[][], step: number) {
  if (op.kind === 'wait') {
    clock.advance(op.seconds);
    await t.context.expiryEngine.sweep();
    return;
  }
  const user = users[op.user] as TestUser;
  if (op.kind === 'hold') {
    const res = await t.request.post(`/api/showtimes/${showtimeId}/holds`).set(user.auth).send({ seats: op.seats });
    expect([201, 409]).toContain(res.status);
    if (res.status === 201) holdIds[op.user]?.push(res.body.hold.id);
    return;
  }
  if (op.kind === 'cancel') {
    const mine = bookingIds[op.user] as string[];
    if (mine.length === 0) return;
    const res = await t.request.post(`/api/bookings/${mine[op.pick % mine.length]}/cancel`).set(user.auth);
    expect(res.status).toBe(200);
    return;
  }
  const mine = holdIds[op.user] as string[];
  if (mine.length === 0) return;
  const id = mine[op.pick % mine.length];
  const res =
    op.kind === 'release' ? await t.request.delete(`/api/holds/${id}`).set(user.auth)
    : op.kind === 'extend' ? await t.request.post(`/api/holds/${id}/extend`).set(user.auth)
    : await t.request.post(`/api/holds/${id}/purchase`).set(user.auth).set('Idempotency-Key', `k-${step}-${id}`).send({});
  expect(res.status).toBeLessThan(500);
  if (op.kind === 'purchase' && res.status === 201) bookingIds[op.user]?.push(res.body.booking.id);
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
  expect(map.seats.filter((s) => s.status === 'held').map((s) => s.label).sort()).toEqual([...heldSeats].sort());
  expect(map.seats.filter((s) => s.status === 'sold').map((s) => s.label).sort()).toEqual([...soldSeats].sort());
  expect(await db.seatClaim.count({ where: { showtimeId } })).toBe(everyClaimed.length);
}

it('when random hold/release/extend/purchase/cancel/expire sequences run, then free + held + sold = capacity and no seat is taken twice', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 8, maxLength: 30 }), async (ops) => {
      const showtime = await createShowtime(t.context, { rows: 2, seatsPerRow: 3, startsInMinutes: 7 * 24 * 60 });
      const holdIds: string[][] = [[], [], []];
      const bookingIds: string[][] = [[], [], []];
      for (const [step, op] of ops.entries()) {
        await apply(op, showtime.id, holdIds, bookingIds, step);
        await checkInvariants(showtime.id);
      }
    }),
    { numRuns: 40 },
  );
});
