// The one error type of Marquee. Domain code throws AppError with a code from the contract; only
// src/http/error-handler.ts knows which HTTP status each code becomes.

export const errorCodes = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'EMAIL_TAKEN',
  'SHOWTIME_OVERLAP',
  'SHOWTIME_STARTED',
  'SHOWTIME_CANCELLED',
  'SHOWTIME_HAS_SALES',
  'IN_USE',
  'SEATS_UNAVAILABLE',
  'HOLD_LIMIT_EXCEEDED',
  'SEAT_LIMIT_EXCEEDED',
  'HOLD_NOT_ACTIVE',
  'ALREADY_EXTENDED',
  'IDEMPOTENCY_IN_PROGRESS',
  'ALREADY_WAITLISTED',
  'ORPHAN_SEAT',
  'NO_SEATS_TOGETHER',
  'SEATS_AVAILABLE',
  'ALREADY_CHECKED_IN',
  'WRONG_SHOWTIME',
  'HOLD_EXPIRED',
  'TICKET_CANCELLED',
  'PAYMENT_DECLINED',
  'PAYLOAD_TOO_LARGE',
  'IDEMPOTENCY_KEY_REUSED',
  'NOT_ADMITTED',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'CHECKOUT_BUSY',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
