// npm run db:check (after the schema-sync check): proves, for SQLite and Postgres, that the committed
// migrations build exactly the schema the models describe. `prisma migrate diff --from-migrations` needs a
// shadow database the offline CLI cannot make, so this compares real catalogs instead:
//   A = a fresh database migrated by src/db/migrate.ts (what production gets),
//   B = a fresh database given `prisma migrate diff --from-empty --to-schema-datamodel` (what the models want).
// Usage: tsx scripts/check-migrations.ts [--prisma <folder with sqlite/ and postgres/>] [--only sqlite|postgres]
// Exits 1 and prints the differing catalog lines on drift. The temporary databases are always removed.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { defaultPrismaFolder, migrate } from '../src/db/migrate';

type Kind = 'sqlite' | 'postgres';
const projectRoot = resolve(__dirname, '..');

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

/** The SQL that builds the models' schema from nothing, as Prisma writes it. */
function schemaFromModels(kind: Kind, prismaFolder: string, databaseUrl: string): string {
  // DATABASE_URL must be set: without it the CLI falls back to downloading the native query engine.
  const result = spawnSync(
    join(projectRoot, 'node_modules', '.bin', 'prisma'),
    [
      'migrate',
      'diff',
      '--config',
      join(projectRoot, 'prisma', `${kind}.config.ts`),
      '--from-empty',
      '--to-schema-datamodel',
      join(prismaFolder, kind, 'schema.prisma'),
      '--script',
    ],
    { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, DATABASE_URL: databaseUrl } },
  );
  if (result.status !== 0) throw new Error(`prisma migrate diff failed for ${kind}:\n${result.stderr}`);
  return result.stdout;
}

function describeSqlite(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    const lines: string[] = [];
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'")
      .all() as { name: string }[];
    for (const { name: table } of tables) {
      lines.push(`table ${table}`);
      for (const c of db.pragma(`table_info("${table}")`) as Record<string, unknown>[]) {
        lines.push(`column ${table}.${c.name} ${c.type} notnull=${c.notnull} default=${c.dflt_value} pk=${c.pk}`);
      }
      for (const index of db.pragma(`index_list("${table}")`) as Record<string, unknown>[]) {
        const columns = (db.pragma(`index_info("${index.name}")`) as { name: string }[]).map((column) => column.name);
        lines.push(
          `index ${table}.${index.name} (${columns.join(', ')}) unique=${index.unique} origin=${index.origin} partial=${index.partial}`,
        );
      }
      for (const fk of db.pragma(`foreign_key_list("${table}")`) as Record<string, unknown>[]) {
        lines.push(`foreign key ${table}.${fk.from} -> ${fk.table}.${fk.to} on update ${fk.on_update} on delete ${fk.on_delete}`);
      }
    }
    return lines.sort();
  } finally {
    db.close();
  }
}

async function describePostgres(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query(`
      SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default,
             character_maximum_length, numeric_precision, datetime_precision
      FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
      ORDER BY table_name, column_name`);
    const indexes = await client.query(`
      SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`);
    const constraints = await client.query(`
      SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition
      FROM pg_constraint
      WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT IN ('_prisma_migrations', '"_prisma_migrations"')`);
    const enums = await client.query(`
      SELECT t.typname, e.enumlabel, e.enumsortorder FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
      JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public'`);
    return [
      ...columns.rows.map(
        (c) =>
          `column ${c.table_name}.${c.column_name} ${c.data_type} (${c.udt_name}) nullable=${c.is_nullable} default=${c.column_default} ` +
          `length=${c.character_maximum_length} precision=${c.numeric_precision ?? c.datetime_precision}`,
      ),
      ...indexes.rows.map((i) => `index ${i.indexdef}`),
      ...constraints.rows.map((c) => `constraint ${c.table_name}.${c.conname} ${c.definition}`),
      ...enums.rows.map((e) => `enum ${e.typname} ${e.enumsortorder} ${e.enumlabel}`),
    ].sort();
  } finally {
    await client.end();
  }
}

async function catalogsOfSqlite(prismaFolder: string) {
  const folder = mkdtempSync(join(tmpdir(), 'marquee-migrations-'));
  try {
    const migrated = join(folder, 'migrated.db');
    const modelled = join(folder, 'modelled.db');
    await migrate(`file:${migrated}`, prismaFolder);
    const db = new Database(modelled);
    db.exec(schemaFromModels('sqlite', prismaFolder, `file:${modelled}`));
    db.close();
    return { migrated: describeSqlite(migrated), modelled: describeSqlite(modelled) };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function catalogsOfPostgres(prismaFolder: string) {
  const base =
    process.env.POSTGRES_URL ??
    (process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined) ??
    'postgresql://root@127.0.0.1:5432/test';
  const prefix = `marquee_check_${randomBytes(4).toString('hex')}`;
  const urlOf = (name: string) => Object.assign(new URL(base), { pathname: `/${name}` }).toString();
  const admin = new Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${prefix}_migrated`);
    await admin.query(`CREATE DATABASE ${prefix}_modelled`);
    await migrate(urlOf(`${prefix}_migrated`), prismaFolder);
    const modelledUrl = urlOf(`${prefix}_modelled`);
    const client = new Client({ connectionString: modelledUrl });
    await client.connect();
    await client.query(schemaFromModels('postgres', prismaFolder, modelledUrl)).finally(() => client.end());
    return { migrated: await describePostgres(urlOf(`${prefix}_migrated`)), modelled: await describePostgres(modelledUrl) };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${prefix}_migrated WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${prefix}_modelled WITH (FORCE)`);
    await admin.end();
  }
}

/** Prints the outcome for one database; returns true when the two catalogs are identical. */
function report(kind: Kind, catalogs: { migrated: string[]; modelled: string[] }): boolean {
  const migrated = new Set(catalogs.migrated);
  const modelled = new Set(catalogs.modelled);
  const onlyMigrated = catalogs.migrated.filter((line) => !modelled.has(line));
  const onlyModelled = catalogs.modelled.filter((line) => !migrated.has(line));
  if (onlyMigrated.length === 0 && onlyModelled.length === 0) {
    console.log(`${kind}: the committed migrations match the models (${catalogs.migrated.length} catalog entries compared).`);
    return true;
  }
  console.error(`${kind}: DRIFT between prisma/${kind}/migrations and the models:`);
  for (const line of onlyMigrated) console.error(`  - only after the migrations: ${line}`);
  for (const line of onlyModelled) console.error(`  + only in the models:        ${line}`);
  console.error(`  Fix: write a migration for the model change (see docs/databases.md).`);
  return false;
}

async function main() {
  const prismaFolder = resolve(option('--prisma') ?? defaultPrismaFolder);
  const only = option('--only');
  const kinds: Kind[] = only === 'sqlite' || only === 'postgres' ? [only] : ['sqlite', 'postgres'];
  let clean = true;
  for (const kind of kinds) {
    const catalogs = kind === 'sqlite' ? await catalogsOfSqlite(prismaFolder) : await catalogsOfPostgres(prismaFolder);
    clean = report(kind, catalogs) && clean;
  }
  process.exit(clean ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
