// Recognising the database errors that carry meaning for the domain.

/** A unique or primary key refused the write: P2002 from model queries, P2010 with the driver's
 *  UniqueConstraintViolation from raw statements. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, meta } = error as { code?: string; meta?: { driverAdapterError?: { cause?: { kind?: string } } } };
  return code === 'P2002' || (code === 'P2010' && meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation');
}
