// What a query builder would add to the hot path: `npm run bench:builder`. For two statements a hold
// runs (the claims read and the claims insert), on a scratch SQLite file, in one run:
//   - the driver: a prepared better-sqlite3 statement, as src/db/sqlite-sql.ts runs it;
//   - Kysely building and compiling the same statement (what it would add before the driver call);
//   - Kysely end to end on its own SqliteDialect over the same better-sqlite3 connection.
// Prints µs per statement (median of rounds) and each as a multiple of the driver. src/db/tables.ts says
// what Marquee took from it.
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DB } from '../src/generated/kysely/tables';

const folder = mkdtempSync(join(tmpdir(), 'marquee-builder-'));
const sqlite = new Database(join(folder, 'bench.db'));
sqlite.pragma('journal_mode = WAL');
sqlite.exec(`CREATE TABLE "SeatClaim" ("showtimeId" TEXT, "seatLabel" TEXT, "userId" TEXT, "holdId" TEXT, "bookingId" TEXT,
  "createdAt" TEXT, PRIMARY KEY ("showtimeId", "seatLabel"))`);
const kysely = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });

const labels = ['F5', 'F6', 'F7', 'F8'];
const insertSeats = Array.from({ length: 250 }, (_, i) => `S${i}`);
sqlite.prepare('INSERT INTO "SeatClaim" VALUES (?, ?, ?, ?, NULL, ?)').run('st', 'F5', 'u2', 'h0', new Date().toISOString());

const readText = `SELECT "seatLabel", "userId" FROM "SeatClaim" WHERE "showtimeId" = ? AND ("seatLabel" IN (?, ?, ?, ?) OR "userId" = ?)`;
const readStatement = sqlite.prepare(readText);
const readQuery = () =>
  kysely
    .selectFrom('SeatClaim')
    .select(['seatLabel', 'userId'])
    .where('showtimeId', '=', 'st')
    .where((eb) => eb.or([eb('seatLabel', 'in', labels), eb('userId', '=', 'u1')]));

let round = 0;
const claim = () => insertSeats[round++ % insertSeats.length] as string;
const insertText = 'INSERT INTO "SeatClaim" ("showtimeId", "seatLabel", "userId", "holdId", "createdAt") VALUES (?, ?, ?, ?, ?)';
const insertStatement = sqlite.prepare(insertText);
const insertQuery = () =>
  kysely
    .insertInto('SeatClaim')
    .values({ showtimeId: 'x', seatLabel: claim(), userId: 'u', holdId: 'h', createdAt: new Date().toISOString() });
const clearInserts = () => sqlite.prepare(`DELETE FROM "SeatClaim" WHERE "showtimeId" = 'x'`).run();

async function micros(run: () => unknown, perRound = 200, rounds = 40): Promise<number> {
  const medians: number[] = [];
  for (let r = 0; r < rounds + 5; r++) {
    clearInserts();
    const start = process.hrtime.bigint();
    for (let i = 0; i < perRound; i++) await run();
    if (r >= 5) medians.push(Number(process.hrtime.bigint() - start) / 1000 / perRound); // first 5 warm up
  }
  medians.sort((a, b) => a - b);
  return medians[Math.floor(medians.length / 2)] as number;
}

async function main() {
  const rows: Array<[string, number, number, number]> = [];
  for (const [name, driver, build, kyselyRun] of [
    [
      'claims read (SELECT … IN (4) OR user)',
      () => readStatement.all('st', ...labels, 'u1'),
      () => readQuery().compile(),
      () => readQuery().execute(),
    ],
    [
      'claim insert (INSERT one row)',
      () => insertStatement.run('x', claim(), 'u', 'h', new Date().toISOString()),
      () => insertQuery().compile(),
      () => insertQuery().execute(),
    ],
  ] as const) {
    rows.push([name, await micros(driver), await micros(build), await micros(kyselyRun)]);
  }
  console.log('| statement | driver µs | Kysely build + compile µs | Kysely end to end µs | end to end ÷ driver |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [name, driver, build, end] of rows) {
    console.log(`| ${name} | ${driver.toFixed(1)} | ${build.toFixed(1)} | ${end.toFixed(1)} | ${(end / driver).toFixed(1)}× |`);
  }
  await kysely.destroy();
  rmSync(folder, { recursive: true, force: true });
}

void main();
