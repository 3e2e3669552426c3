// Recognising the database errors that carry meaning for the domain.
import { AppError } from '../lib/errors';

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

// Codes that mean "the database is not there right now", not "this request is wrong": socket errors,
// Postgres' shutdown / starting-up / connection-failure SQLSTATEs and too-many-connections, Prisma's
// can't-reach / connection-closed / pool-timeout codes, and the driver adapter's kinds for the same.
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  'EHOSTUNREACH',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
  'P1001',
  'P1002',
  'P1017',
  'P2024',
]);
const unavailableKinds = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
// pg reports a connection that died under a query with a message and no code.
const unavailableMessage =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly|server closed the connection/i;

/** The database could not be reached or dropped the connection: the request may succeed if retried soon. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { code, kind, originalCode, message, cause, meta } = error as {
    code?: unknown;
    kind?: unknown;
    originalCode?: unknown;
    message?: unknown;
    cause?: unknown;
    meta?: { driverAdapterError?: { cause?: unknown } };
  };
  if ([code, originalCode].some((value) => typeof value === 'string' && unavailableCodes.has(value))) return true;
  if (typeof kind === 'string' && unavailableKinds.has(kind)) return true;
  if (typeof message === 'string' && unavailableMessage.test(message)) return true;
  return isDatabaseUnavailable(cause, depth + 1) || isDatabaseUnavailable(meta?.driverAdapterError?.cause, depth + 1);
}

/** How long a client should wait before retrying after a 503 (the database is usually back in seconds). */
export const RETRY_AFTER_UNAVAILABLE_SECONDS = 2;

/** A lost or refused database connection is the service being briefly unavailable, not a bug. */
export function toServiceUnavailable(error: unknown): AppError | undefined {
  if (!isDatabaseUnavailable(error)) return undefined;
  return new AppError('SERVICE_UNAVAILABLE', 'The service is briefly unavailable; please retry in a moment', {
    retryAfterSeconds: RETRY_AFTER_UNAVAILABLE_SECONDS,
  });
}
