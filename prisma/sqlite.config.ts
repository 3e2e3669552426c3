// Prisma CLI settings for SQLite: the WebAssembly schema engine over the better-sqlite3 driver adapter,
// so no native engine is downloaded (see docs/databases.md).
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'sqlite/schema.prisma',
  migrations: { path: 'sqlite/migrations' },
  adapter: async () => new PrismaBetterSQLite3({ url: process.env.DATABASE_URL ?? 'file:./data/marquee.db' }),
});
