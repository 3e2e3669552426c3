// The unique key on seat claims is the last guard against double holds, so recognising its violation,
// from model queries and from raw statements alike, must not silently break on a Prisma upgrade.
import { useDatabaseClients } from '../support/database';
import { isUniqueViolation } from '../../src/db/errors';

const clients = useDatabaseClients();

const claim = { showtimeId: 's1', seatLabel: 'A1', userId: 'u1' };

it('when a seat is claimed twice by a model query or a raw statement, then both errors read as unique violations', async () => {
  await clients.db.seatClaim.create({ data: claim });
  const modelError = await clients.db.seatClaim.create({ data: claim }).catch((error: unknown) => error);
  const rawError = await clients.db.$executeRaw`
    INSERT INTO "SeatClaim" ("showtimeId", "seatLabel", "userId", "createdAt") VALUES (${'s1'}, ${'A1'}, ${'u2'}, ${new Date()})`.catch(
    (error: unknown) => error,
  );
  expect(isUniqueViolation(modelError)).toBe(true);
  expect(isUniqueViolation(rawError)).toBe(true);
  const otherError = await clients.db.$executeRaw`INSERT INTO "NoSuchTable" ("x") VALUES (${1})`.catch((error: unknown) => error);
  expect(isUniqueViolation(otherError)).toBe(false);
  expect(await clients.db.seatClaim.count()).toBe(1);
});

it('when the plain-SQL runner claims a seat twice, inside a transaction or not, then the error reads as a unique violation and nothing is written', async () => {
  const insert = `INSERT INTO "SeatClaim" ("showtimeId", "seatLabel", "userId", "createdAt") VALUES (?, ?, ?, ?)`;
  const plainError = await clients.sql.run(insert, ['s1', 'A1', 'u3', new Date()]).catch((error: unknown) => error);
  const txError = await clients.sql
    .transaction(async (tx) => {
      await tx.run(insert, ['s1', 'B1', 'u3', new Date()]);
      await tx.run(insert, ['s1', 'A1', 'u3', new Date()]);
    })
    .catch((error: unknown) => error);
  expect(isUniqueViolation(plainError)).toBe(true);
  expect(isUniqueViolation(txError)).toBe(true);
  expect(await clients.db.seatClaim.count()).toBe(1);
});
