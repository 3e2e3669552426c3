// The per-user statements of a hold read only that user's rows. Without table statistics SQLite picks
// an index by the shape of the WHERE clause; a count of the user's live holds once read the
// (status, expiresAt) index, every live hold of everyone, on every hold: W2 ran at a quarter of its
// speed. The statements are taken from the repository as it runs them and explained on a database built
// from the committed SQLite migrations.
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sql } from '../../src/db/sql';
import { holdsRepository } from '../../src/modules/holds/holds.repository';

const migrations = join(__dirname, '../../prisma/sqlite/migrations');
const db = new Database(':memory:');
for (const folder of readdirSync(migrations)
  .filter((name) => /^\d/.test(name))
  .sort()) {
  db.exec(readFileSync(join(migrations, folder, 'migration.sql'), 'utf8'));
}
afterAll(() => db.close());

/** Runs a repository function against a recorder and returns the statements it sent. */
async function statementsOf(work: (sql: Sql) => Promise<unknown>) {
  const texts: string[] = [];
  const all = async (text: string) => (texts.push(text), []);
  await work({ kind: 'sqlite', all: all as Sql['all'], run: async (text) => (texts.push(text), 0) });
  return texts;
}
const planOf = (text: string) =>
  (
    db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...Array.from({ length: (text.match(/\?/g) ?? []).length }, () => 'x')) as {
      detail: string;
    }[]
  ).map((row) => row.detail);

it("when a hold counts the user's live seats across showtimes, then SQLite reads that user's holds by (userId, status), not everyone's", async () => {
  const [count] = await statementsOf((sql) => holdsRepository.lockAndCountHeldSeatsOfUser(sql, 'user-1', new Date()));
  const plan = planOf(count as string).join('\n');
  expect(plan).toMatch(/SEARCH h USING INDEX Hold_userId_status_idx \(userId=\? AND status=\?\)/);
  expect(plan).not.toMatch(/Hold_status_expiresAt_idx/);
});
