// A fresh, migrated database for each test file: a new SQLite file by default, or a new Postgres
// database when the suite runs with DATABASE_URL=postgresql://... (npm run test:postgres).
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { migrate } from '../../src/db/migrate';
import { createDatabase, type Db } from '../../src/db/client';
import type { SqlDatabase } from '../../src/db/sql';

export type TestDatabase = { url: string; drop(): Promise<void> };

export async function createTestDatabase(): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  const name = `marquee_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  if (base?.startsWith('postgres')) {
    const admin = new Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    await migrate(url.toString());
    return {
      url: url.toString(),
      async drop() {
        const client = new Client({ connectionString: base });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      },
    };
  }
  const folder = join(tmpdir(), 'marquee-tests');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${name}.db`);
  await migrate(`file:${file}`);
  return {
    url: `file:${file}`,
    async drop() {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    },
  };
}

/**
 * For tests of the database layer itself: a fresh database for the file, with the service's Prisma client
 * and plain-SQL runner on it (read them inside tests: they exist once beforeAll has run), closed after.
 */
export function useDatabaseClients(): { db: Db; sql: SqlDatabase } {
  const clients = {} as { db: Db; sql: SqlDatabase };
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    Object.assign(clients, createDatabase(database.url));
  });
  afterAll(async () => {
    await clients.db.$disconnect();
    await clients.sql.close();
    await database.drop();
  });
  return clients;
}
