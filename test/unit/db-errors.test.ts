// The unique key on seat claims is the last guard against double holds, so recognising its violation,
// from model queries and from raw statements alike, must not silently break on a Prisma upgrade.
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createDatabase, type Db } from '../../src/db/client';
import type { SqlDatabase } from '../../src/db/sql';
import { isUniqueViolation } from '../../src/db/errors';

let database: TestDatabase;
let db: Db;
let sql: SqlDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  ({ db, sql } = createDatabase(database.url));
});
afterAll(async () => {
  await db.$disconnect();
  await sql.close();
  await database.drop();
});

const claim = { showtimeId: 's1', seatLabel: 'A1', userId: 'u1' };

it('when a seat is claimed twice by a model query or a raw statement, then both errors read as unique violations', async () => {
  await db.seatClaim.create({ data: claim });
  const modelError = await db.seatClaim.create({ data: claim }).catch((error: unknown) => error);
  const rawError = await db.$executeRaw`
    INSERT INTO "SeatClaim" ("showtimeId", "seatLabel", "userId", "createdAt") VALUES (${'s1'}, ${'A1'}, ${'u2'}, ${new Date()})`.catch(
    (error: unknown) => error,
  );
  expect(isUniqueViolation(modelError)).toBe(true);
  expect(isUniqueViolation(rawError)).toBe(true);
  const otherError = await db.$executeRaw`INSERT INTO "NoSuchTable" ("x") VALUES (${1})`.catch((error: unknown) => error);
  expect(isUniqueViolation(otherError)).toBe(false);
  expect(await db.seatClaim.count()).toBe(1);
});

it('when the plain-SQL runner claims a seat twice, inside a transaction or not, then the error reads as a unique violation and nothing is written', async () => {
  const insert = `INSERT INTO "SeatClaim" ("showtimeId", "seatLabel", "userId", "createdAt") VALUES (?, ?, ?, ?)`;
  const plainError = await sql.run(insert, ['s1', 'A1', 'u3', new Date()]).catch((error: unknown) => error);
  const txError = await sql
    .transaction(async (tx) => {
      await tx.run(insert, ['s1', 'B1', 'u3', new Date()]);
      await tx.run(insert, ['s1', 'A1', 'u3', new Date()]);
    })
    .catch((error: unknown) => error);
  expect(isUniqueViolation(plainError)).toBe(true);
  expect(isUniqueViolation(txError)).toBe(true);
  expect(await db.seatClaim.count()).toBe(1);
});
