// The plain-SQL runner's transactions (src/db/sql.ts). On SQLite, transactions that arrive together
// commit together, each in a savepoint of one shared transaction; these tests hold on both databases:
// a transaction that fails leaves nothing behind, the others are kept, and nobody is answered before
// their change is committed.
import { useDatabaseClients } from '../support/database';
import { isUniqueViolation } from '../../src/db/errors';

const clients = useDatabaseClients();

const insert = `INSERT INTO "SeatClaim" ("showtimeId", "seatLabel", "userId", "createdAt") VALUES (?, ?, ?, ?)`;
const committed = async (seat: string) =>
  (await clients.sql.all<{ userId: string }>(`SELECT "userId" FROM "SeatClaim" WHERE "showtimeId" = 's1' AND "seatLabel" = ?`, [seat]))[0]
    ?.userId;

it('when 21 transactions start at once and two of them claim the same seat, then exactly one of those two fails, leaving nothing, and every answer comes after its commit', async () => {
  const visibleWhenAnswered: boolean[] = [];
  const claimOne = (i: number) =>
    clients.sql
      .transaction((tx) => tx.run(insert, ['s1', `A${i}`, `u${i}`, new Date()]))
      .then(async () => visibleWhenAnswered.push((await committed(`A${i}`)) === `u${i}`));
  // "x" claims B1 and then A5, which transaction 5 claims too.
  const claimTwo = clients.sql.transaction(async (tx) => {
    await tx.run(insert, ['s1', 'B1', 'x', new Date()]);
    await tx.run(insert, ['s1', 'A5', 'x', new Date()]);
  });
  const results = await Promise.allSettled([...Array.from({ length: 20 }, (_, i) => claimOne(i)), claimTwo]);

  const failed = results.filter((result) => result.status === 'rejected');
  expect(failed).toHaveLength(1);
  expect(isUniqueViolation((failed[0] as PromiseRejectedResult).reason)).toBe(true);
  const xWon = results[20]?.status === 'fulfilled';
  expect(await committed('B1')).toBe(xWon ? 'x' : undefined);
  expect(await committed('A5')).toBe(xWon ? 'x' : 'u5');
  expect(await clients.db.seatClaim.count()).toBe(xWon ? 21 : 20);
  expect(visibleWhenAnswered).toEqual(Array(xWon ? 19 : 20).fill(true));
});

it('when a transaction throws after writing, then its writes are rolled back and later transactions still commit', async () => {
  const failing = clients.sql.transaction(async (tx) => {
    await tx.run(insert, ['s1', 'C1', 'u1', new Date()]);
    throw new Error('changed my mind');
  });
  const next = clients.sql.transaction((tx) => tx.run(insert, ['s1', 'C2', 'u2', new Date()]));
  await expect(failing).rejects.toThrow('changed my mind');
  await expect(next).resolves.toBe(1);
  expect(await committed('C1')).toBeUndefined();
  expect(await committed('C2')).toBe('u2');
});
