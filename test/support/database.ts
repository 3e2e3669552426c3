// A fresh, migrated database for each test file: a new SQLite file by default, or a new Postgres
// database when the suite runs with DATABASE_URL=postgresql://... (npm run test:postgres).
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { migrate } from '../../src/db/migrate';

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
