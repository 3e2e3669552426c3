// The Prisma client factory. DATABASE_URL picks the database: file:... is SQLite, postgresql://... is
// Postgres. Both generated clients come from the same models, so the rest of the code uses one type.
import { PrismaClient as SqliteClient } from '../generated/sqlite/client';
import { PrismaClient as PostgresClient } from '../generated/postgres/client';
import { PrismaPg } from '@prisma/adapter-pg';
import { databaseKind } from '../config';
import { serializedSqliteAdapter } from './serialized-sqlite-adapter';
import { sqliteFilePath } from './migrate';

export { Prisma } from '../generated/sqlite/client';
export type Db = SqliteClient;
/** What repositories accept: the client itself or the client of an open transaction. */
export type DbClient = Omit<Db, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

export function createDatabase(url: string, poolSize = 10): Db {
  if (databaseKind(url) === 'sqlite') {
    return new SqliteClient({ adapter: serializedSqliteAdapter(`file:${sqliteFilePath(url)}`) });
  }
  const adapter = new PrismaPg({ connectionString: url, max: poolSize });
  // Same models, same API: the Postgres client is used through the SQLite client's type.
  return new PostgresClient({ adapter }) as unknown as Db;
}
