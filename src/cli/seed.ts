// npm run seed: applies migrations and loads the demo data into DATABASE_URL (idempotent).
import { loadConfig } from '../config';
import { migrate } from '../db/migrate';
import { createContext } from '../context';
import { demoAccounts, seedDemoData } from '../demo-data';

async function main() {
  const config = loadConfig();
  await migrate(config.DATABASE_URL);
  const context = createContext(config, {});
  try {
    const { showtimesCreated } = await seedDemoData(context);
    const showtimes = await context.db.showtime.count();
    console.log(`Demo data ready in ${config.DATABASE_URL}: ${showtimes} showtimes (${showtimesCreated} new).`);
    console.log(`Admin: ${demoAccounts.admin.email} / ${demoAccounts.admin.password}`);
    for (const customer of demoAccounts.customers) console.log(`Customer: ${customer.email} / ${customer.password}`);
  } finally {
    await context.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
