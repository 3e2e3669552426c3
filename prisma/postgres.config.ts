// Prisma CLI settings for Postgres: the WebAssembly schema engine over the pg driver adapter. Used for
// `generate` and `migrate diff`; migrations are applied by src/db/migrate.ts (see docs/databases.md).
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'postgres/schema.prisma',
  migrations: { path: 'postgres/migrations' },
  adapter: async () =>
    new PrismaPg({ connectionString: process.env.DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/test' }),
});
