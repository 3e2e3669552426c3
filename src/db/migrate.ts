// Applies the committed migrations in prisma/<sqlite|postgres>/migrations at start.
// SQLite could use `prisma migrate deploy`, but Postgres cannot here (prisma/orm#27403), so one runner
// serves both: each pending migration.sql runs in its own transaction and is recorded in
// _prisma_migrations exactly as Prisma records it (sha256 checksum), so `prisma migrate status` agrees.
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { databaseKind } from '../config';

export type Migration = { name: string; sql: string; checksum: string };

const projectRoot = resolve(__dirname, '..', '..');
/** The folder holding sqlite/migrations and postgres/migrations; scripts/check-migrations.ts may pass a copy. */
export const defaultPrismaFolder = join(projectRoot, 'prisma');

export function listMigrations(kind: 'sqlite' | 'postgres', prismaFolder = defaultPrismaFolder): Migration[] {
  const folder = join(prismaFolder, kind, 'migrations');
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(folder, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(folder, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** Returns the names of the migrations it applied. */
export async function migrate(databaseUrl: string, prismaFolder = defaultPrismaFolder): Promise<string[]> {
  return databaseKind(databaseUrl) === 'sqlite'
    ? migrateSqlite(sqliteFilePath(databaseUrl), prismaFolder)
    : migratePostgres(databaseUrl, prismaFolder);
}

export function sqliteFilePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, '').replace(/\?.*$/, '');
}

function migrateSqlite(file: string, prismaFolder: string): string[] {
  mkdirSync(dirname(resolve(file)), { recursive: true });
  const db = new Database(file, { timeout: 5000 });
  try {
    db.pragma('journal_mode = WAL');
    db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
      "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`);
    const applied: string[] = [];
    for (const migration of listMigrations('sqlite', prismaFolder)) {
      // IMMEDIATE takes the write lock first, so two processes starting together apply each file once.
      db.exec('BEGIN IMMEDIATE');
      try {
        const done = db
          .prepare('SELECT 1 FROM _prisma_migrations WHERE migration_name = ? AND finished_at IS NOT NULL AND rolled_back_at IS NULL')
          .get(migration.name);
        if (!done) {
          const startedAt = new Date().toISOString();
          db.exec(migration.sql);
          db.prepare(
            'INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)',
          ).run(randomUUID(), migration.checksum, new Date().toISOString(), migration.name, startedAt);
          applied.push(migration.name);
        }
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`);
      }
    }
    return applied;
  } finally {
    db.close();
  }
}

// Prisma's own advisory lock key, so this runner and `prisma migrate deploy` never run at once.
const MIGRATION_LOCK = 72707369;

async function migratePostgres(url: string, prismaFolder: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const { rows } = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const done = new Set(rows.map((row) => row.migration_name));
    const applied: string[] = [];
    for (const migration of listMigrations('postgres', prismaFolder)) {
      if (done.has(migration.name)) continue;
      await client.query('BEGIN');
      try {
        const startedAt = new Date();
        await client.query(migration.sql);
        await client.query(
          'INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, $4, 1)',
          [randomUUID(), migration.checksum, migration.name, startedAt],
        );
        await client.query('COMMIT');
        applied.push(migration.name);
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`);
      }
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}
