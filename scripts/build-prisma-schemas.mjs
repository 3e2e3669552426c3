// Writes prisma/<provider>/schema.prisma from prisma/models.prisma under a header per database.
// Run: npm run db:schemas   (`--check` exits 1 if a committed schema differs from what it would write)
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const models = readFileSync(join(root, 'prisma/models.prisma'), 'utf8');
const check = process.argv.includes('--check');

// The row types of the plain SQL on the hot paths (src/db/tables.ts), generated from the same models by
// prisma-kysely. Written once, from the Postgres schema, with the two drivers' value types: a DateTime
// comes back as a Date from pg and as ISO text from better-sqlite3, a Boolean as true/false or 1/0.
const kyselyGenerator = `generator kysely {
  provider             = "prisma-kysely"
  output               = "../../src/generated/kysely"
  fileName             = "tables.ts"
  dateTimeTypeOverride = "Date | string"
  booleanTypeOverride  = "boolean | number"
}

`;

const header = (provider, folder) => `// GENERATED from prisma/models.prisma by \`npm run db:schemas\`. Do not edit.

generator client {
  provider     = "prisma-client"
  engineType   = "client"
  output       = "../../src/generated/${folder}"
  moduleFormat = "cjs"
  importFileExtension = ""
}

${provider === 'postgresql' ? kyselyGenerator : ''}datasource db {
  provider = "${provider}"
  url      = env("DATABASE_URL")
}

`;

let stale = false;
for (const provider of ['sqlite', 'postgresql']) {
  const name = provider === 'postgresql' ? 'postgres' : 'sqlite';
  const folder = join(root, 'prisma', name);
  const file = join(folder, 'schema.prisma');
  const wanted = header(provider, name) + models;
  if (check) {
    if (!existsSync(file) || readFileSync(file, 'utf8') !== wanted) {
      console.error(`${file} is out of date: run npm run db:schemas`);
      stale = true;
    }
  } else {
    mkdirSync(folder, { recursive: true });
    writeFileSync(file, wanted);
    console.log(`wrote ${file}`);
  }
}
process.exit(stale ? 1 : 0);
