// npm run verify-log -- <showtimeId>: reads the showtime's waitlist fairness log from DATABASE_URL,
// recomputes the hash chain, replays it to check that every offer was fair, prints the result and exits
// 1 when anything is wrong (0 when the log verifies).
import { loadConfig } from '../config';
import { createDatabase } from '../db/client';
import { verifyLog, waitlistRepository } from '../modules/waitlist';

async function main() {
  const showtimeId = process.argv[2];
  if (!showtimeId) {
    console.error('Usage: npm run verify-log -- <showtimeId>');
    return 1;
  }
  const config = loadConfig();
  const { db, sql } = createDatabase(config.DATABASE_URL, { poolSize: 1 });
  try {
    const records = await waitlistRepository.listLog(db, showtimeId);
    const { verified, problems } = verifyLog(showtimeId, records);
    console.log(`Showtime ${showtimeId}: ${records.length} log record(s).`);
    for (const problem of problems) console.log(`  - ${problem}`);
    console.log(verified ? 'VERIFIED: the chain is intact and every offer went to the first entry in line that could use it.' : 'FAILED');
    return verified ? 0 : 1;
  } finally {
    await db.$disconnect();
    await sql.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
