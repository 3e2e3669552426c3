// Recognising the database errors that carry meaning for the domain.

/** A unique or primary key refused the write: P2002 from Prisma model queries, P2010 with the driver's
 *  UniqueConstraintViolation from Prisma raw statements, and the drivers' own errors from the plain-SQL
 *  runner (better-sqlite3's SQLITE_CONSTRAINT_PRIMARYKEY/UNIQUE, Postgres' SQLSTATE 23505). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, meta } = error as { code?: string; meta?: { driverAdapterError?: { cause?: { kind?: string } } } };
  return (
    code === 'P2002' ||
    (code === 'P2010' && meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation') ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === '23505'
  );
}
