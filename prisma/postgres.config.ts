// Prisma CLI settings for Postgres: the WebAssembly schema engine over the pg driver adapter. Used for
// `generate` and `migrate diff`; migrations are applied by src/db/migrate.ts (see docs/databases.md).
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

// The schema's `url = env("DATABASE_URL")` must hold a URL of this database's kind, or the CLI falls back to
// downloading the native query engine, which fails offline. A fresh clone running `npm install` has no
// DATABASE_URL, and a shell may hold the other database's URL, so one of the right kind is put in.
const url = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '') ? process.env.DATABASE_URL : 'postgresql://root@127.0.0.1:5432/test';
process.env.DATABASE_URL = url;

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'postgres/schema.prisma',
  migrations: { path: 'postgres/migrations' },
  adapter: async () => new PrismaPg({ connectionString: url }),
});
