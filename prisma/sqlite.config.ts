// Prisma CLI settings for SQLite: the WebAssembly schema engine over the better-sqlite3 driver adapter,
// so no native engine is downloaded (see docs/databases.md).
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

// The schema's `url = env("DATABASE_URL")` must hold a URL of this database's kind, or the CLI falls back to
// downloading the native query engine, which fails offline. A fresh clone running `npm install` has no
// DATABASE_URL, and a shell may hold the other database's URL, so one of the right kind is put in.
const url = process.env.DATABASE_URL?.startsWith('file:') ? process.env.DATABASE_URL : 'file:./data/marquee.db';
process.env.DATABASE_URL = url;

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'sqlite/schema.prisma',
  migrations: { path: 'sqlite/migrations' },
  adapter: async () => new PrismaBetterSQLite3({ url }),
});
