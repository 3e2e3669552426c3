// An expiry storm is set-based: 1,200 holds of one showtime due at once are released in three
// transactions (batches of 500) of a few statements each, not with work per hold, and the viewers' seat
// events come out of the same passes.
import { createTestApp, type TestApp } from '../support/app';
import { TestClock } from '../support/clock';
import { createShowtime, registerUser } from '../support/factories';
import { holdsRepository } from '../../src/modules/holds/holds.repository';
import type { Sql } from '../../src/db/sql';

const HOLDS = 1_200;
const clock = new TestClock();
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ HOLD_SWEEP_INTERVAL_MS: '3600000' }, { clock });
});
afterAll(() => t.close());

/** Counts the statements each plain-SQL transaction runs. */
function countStatements() {
  const perTransaction: number[] = [];
  const original = t.context.sql.transaction.bind(t.context.sql);
  const spy = jest.spyOn(t.context.sql, 'transaction').mockImplementation((work) =>
    original((sql: Sql) => {
      const index = perTransaction.push(0) - 1;
      const count = () => (perTransaction[index] = (perTransaction[index] ?? 0) + 1);
      return work({
        kind: sql.kind,
        all: (text, params) => (count(), sql.all(text, params)),
        run: (text, params) => (count(), sql.run(text, params)),
      });
    }),
  );
  return { perTransaction, restore: () => spy.mockRestore() };
}

it('when 1,200 holds of a showtime run out at once, then three batches of a few statements release them all, with their audit rows and seat events', async () => {
  const showtime = await createShowtime(t.context, { rows: 24, seatsPerRow: 50 });
  const labels = (await t.context.services.catalog.seatsOf(showtime.auditoriumId)).map((seat) => seat.label);
  expect(labels).toHaveLength(HOLDS);
  const users = await Promise.all(Array.from({ length: 4 }, () => registerUser(t.request)));
  const expiresAt = new Date(clock.now().getTime() + 60_000);
  // Setup straight through the holds repository, in one seat change: a storm, not 1,200 requests.
  await t.context.ledger.change(showtime.id, async (s) => {
    for (const [i, label] of labels.entries()) {
      const userId = (users[i % users.length] as { id: string }).id;
      await holdsRepository.insertHold(s.sql, { showtimeId: showtime.id, userId, seats: [label], expiresAt, createdAt: s.now });
    }
    s.mark(labels, 'held');
  });

  const freedByEvents: string[] = [];
  const stopListening = t.context.events.on('seats.changed', ({ changes }) => {
    for (const change of changes) if (change.status === 'available') freedByEvents.push(change.label);
  });
  const expiredEvents: string[] = [];
  const stopExpired = t.context.events.on('hold.expired', ({ holdId }) => expiredEvents.push(holdId));
  clock.advance(61);
  const statements = countStatements();
  try {
    await t.context.expiryEngine.sweep();
  } finally {
    statements.restore();
    stopListening();
    stopExpired();
  }

  expect(statements.perTransaction).toHaveLength(3);
  // Per batch: the lock and version step, the UPDATE … RETURNING that ends the holds, one DELETE of their
  // claims, one INSERT of their audit rows, and the waitlist's look for anyone waiting.
  for (const count of statements.perTransaction) expect(count).toBeLessThanOrEqual(6);
  const db = t.context.db;
  expect(await db.hold.count({ where: { showtimeId: showtime.id, status: 'active' } })).toBe(0);
  expect(await db.hold.count({ where: { showtimeId: showtime.id, status: 'expired', endedAt: { not: null } } })).toBe(HOLDS);
  expect(await db.seatClaim.count({ where: { showtimeId: showtime.id } })).toBe(0);
  expect(await db.auditEvent.count({ where: { showtimeId: showtime.id, action: 'hold.expired' } })).toBe(HOLDS);
  expect(new Set(freedByEvents)).toEqual(new Set(labels));
  expect(freedByEvents).toHaveLength(HOLDS);
  expect(new Set(expiredEvents).size).toBe(HOLDS);
});
