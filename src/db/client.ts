// The database: a Prisma client for most work, and a plain-SQL runner (sql.ts) for the few statements on
// the hottest paths, sharing one pg pool (Postgres) or one write lock (SQLite). DATABASE_URL picks the
// database: file:... is SQLite, postgresql://... is Postgres. Both generated clients come from the same
// models, so the rest of the code uses one type.
import { Mutex } from 'async-mutex';
import pg from 'pg';
import { PrismaClient as SqliteClient } from '../generated/sqlite/client';
import { PrismaClient as PostgresClient } from '../generated/postgres/client';
import { PrismaPg } from '@prisma/adapter-pg';
import { databaseKind } from '../config';
import { serializedSqliteAdapter } from './serialized-sqlite-adapter';
import { sqliteFilePath } from './migrate';
import { sqliteSql, type SqliteSynchronous } from './sqlite-sql';
import { postgresSql } from './postgres-sql';
import type { SqlDatabase } from './sql';

export { Prisma } from '../generated/sqlite/client';
export type Db = SqliteClient;
/** What repositories accept: the client itself or the client of an open transaction. */
export type DbClient = Omit<Db, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

export type DatabaseOptions = {
  poolSize?: number;
  sqliteSynchronous?: SqliteSynchronous;
  /** Told when an idle Postgres connection fails (a server restart); the pool replaces it. */
  onIdleConnectionError?: (error: Error) => void;
};

export function createDatabase(url: string, options: DatabaseOptions = {}): { db: Db; sql: SqlDatabase } {
  const { poolSize = 10, sqliteSynchronous = 'NORMAL', onIdleConnectionError = () => {} } = options;
  if (databaseKind(url) === 'sqlite') {
    const file = sqliteFilePath(url);
    const lock = new Mutex();
    const db = new SqliteClient({ adapter: serializedSqliteAdapter(`file:${file}`, lock, sqliteSynchronous) });
    return { db, sql: sqliteSql(file, lock, sqliteSynchronous) };
  }
  // Pipeline mode: statements issued together on one connection go out together, and the server answers
  // them in order, so a change waits for one round trip per step instead of one per statement
  // (postgres-sql.ts). Statements awaited one by one, as Prisma's are, run exactly as before.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, pipeline: true });
  // pg-pool re-emits an idle connection's error on the pool, and an 'error' event nobody listens to
  // ends the process: a Postgres restart must cost a reconnect, not the service.
  pool.on('error', onIdleConnectionError);
  // Same models, same API: the Postgres client is used through the SQLite client's type.
  const db = new PostgresClient({ adapter: new PrismaPg(pool) }) as unknown as Db;
  return { db, sql: postgresSql(pool) };
}
