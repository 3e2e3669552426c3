// The unique key on seat claims is the last guard against double holds, so recognising its violation,
// from model queries and from raw statements alike, must not silently break on a Prisma upgrade.
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createDatabase, type Db } from '../../src/db/client';
import { isUniqueViolation } from '../../src/db/errors';

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = createDatabase(database.url);
});
afterAll(async () => {
  await db.$disconnect();
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
