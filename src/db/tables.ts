// The row types of the plain SQL (src/db/sql.ts), from prisma/models.prisma: prisma-kysely generates one
// type per table (src/generated/kysely/tables.ts, by `npm run db:generate`), so a column renamed or
// retyped in the models breaks the build where a statement reads it, not a test at run time.
//
// Why the statements themselves are not built with Kysely: building and compiling a statement costs
// about as much CPU as running it on better-sqlite3, on every call (`npm run bench:builder` measures both
// in one run), and a hold runs eight of them. So the hot paths keep their SQL text, written once with
// `?` placeholders, and take their row types from here.
import type { Selectable } from 'kysely';
import type { DB } from '../generated/kysely/tables';

export type Table = keyof DB;
/** A whole row of `T`, as the drivers return it (timestamps as Date or ISO text, booleans as true/1). */
export type Row<T extends Table> = Selectable<DB[T]>;
/** Some columns of a row of `T`. */
export type Columns<T extends Table, K extends keyof Row<T>> = Pick<Row<T>, K>;
/** COUNT(*) and other aggregates: a number on SQLite, a bigint's text on Postgres. */
export type Count<K extends string = 'n'> = Record<K, number | bigint | string>;
