// Plain SQL beside Prisma, for the few statements on the hottest paths (holding seats, the 409 answer,
// expiry, the caller lookup). Through Prisma a statement costs 70-100 µs of query-engine work; through the
// driver itself (better-sqlite3, pg) it costs a few. Everything else keeps using Prisma.
//
// Statements are written once, with `?` placeholders, in SQL that SQLite and Postgres both accept, and run
// on the driver directly (sqlite-sql.ts, postgres-sql.ts). Every seat change is such a transaction.
import type { DatabaseKind } from '../config';

export type SqlParam = string | number | boolean | Date | null;

export interface Sql {
  readonly kind: DatabaseKind;
  /** The rows a statement returns (SELECT, or a write with RETURNING). */
  all<T extends object>(text: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** Runs a write; returns how many rows it changed. */
  run(text: string, params?: readonly SqlParam[]): Promise<number>;
}

export interface SqlDatabase extends Sql {
  /** Runs `work` in one transaction: commits if it resolves, rolls back if it throws. */
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `?, ?, ?`: the placeholders for a list whose items are bound one by one (`IN (...)`, `VALUES`). */
export const marks = (count: number, group = '?') => Array.from({ length: count }, () => group).join(', ');

/** Postgres numbers its placeholders: `?` → `$1`, `$2`, … (no statement here has a `?` inside a literal). */
export function numberPlaceholders(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** A timestamp as either driver returns it (SQLite: ISO text; Postgres and Prisma: Date). */
export const toDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));
