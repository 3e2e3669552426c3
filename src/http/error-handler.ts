// The one place that turns errors into HTTP answers. Domain codes map to statuses here and nowhere else;
// anything unexpected is logged in full and answered as a bare 500 INTERNAL (no stack, no SQL).
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, type ErrorCode } from '../lib/errors';
import { RETRY_AFTER_UNAVAILABLE_SECONDS, toServiceUnavailable } from '../db/errors';
import type { Logger } from '../lib/logger';

export const statusByCode: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  PAYMENT_DECLINED: 402,
  FORBIDDEN: 403,
  NOT_ADMITTED: 403,
  NOT_FOUND: 404,
  EMAIL_TAKEN: 409,
  SHOWTIME_OVERLAP: 409,
  SHOWTIME_STARTED: 409,
  SHOWTIME_CANCELLED: 409,
  SHOWTIME_HAS_SALES: 409,
  IN_USE: 409,
  SEATS_UNAVAILABLE: 409,
  HOLD_LIMIT_EXCEEDED: 409,
  SEAT_LIMIT_EXCEEDED: 409,
  HOLD_NOT_ACTIVE: 409,
  ALREADY_EXTENDED: 409,
  IDEMPOTENCY_IN_PROGRESS: 409,
  ALREADY_WAITLISTED: 409,
  ORPHAN_SEAT: 409,
  NO_SEATS_TOGETHER: 409,
  SEATS_AVAILABLE: 409,
  ALREADY_CHECKED_IN: 409,
  WRONG_SHOWTIME: 409,
  HOLD_EXPIRED: 410,
  TICKET_CANCELLED: 410,
  PAYLOAD_TOO_LARGE: 413,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
  CHECKOUT_BUSY: 503,
};

export function errorBody(error: AppError) {
  return { error: { code: error.code, message: error.message, details: error.details ?? {} } };
}

/** Errors body-parser raises before our code runs, by their `type`. */
function fromBodyParser(error: { type?: string; status?: number }): AppError | undefined {
  if (error.type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large');
  if (error.type === 'entity.parse.failed') {
    return new AppError('VALIDATION_FAILED', 'The request body is not valid JSON', { field: 'body' });
  }
  if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
    return new AppError('VALIDATION_FAILED', 'The request could not be read', { field: 'body' });
  }
  return undefined;
}

export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  let lastOutageLog = 0;
  return (error, req, res, _next) => {
    const known = error instanceof AppError ? error : fromBodyParser(error ?? {});
    if (known) {
      const retryAfter = known.details?.retryAfterSeconds;
      const retryable = known.code === 'SERVICE_UNAVAILABLE' || known.code === 'CHECKOUT_BUSY';
      if (retryable && typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
      res.status(statusByCode[known.code]).json(errorBody(known));
      return;
    }
    const unavailable = toServiceUnavailable(error);
    if (unavailable) {
      // One line per few seconds of outage, not one per request.
      if (Date.now() - lastOutageLog > 5000) {
        lastOutageLog = Date.now();
        logger.warn({ err: error }, 'database unavailable; answering 503 until it is back');
      }
      res.setHeader('Retry-After', String(RETRY_AFTER_UNAVAILABLE_SECONDS));
      res.status(503).json(errorBody(unavailable));
      return;
    }
    logger.error({ err: error, method: req.method, url: req.originalUrl }, 'unhandled error');
    res.status(500).json(errorBody(new AppError('INTERNAL', 'Something went wrong on our side')));
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('NOT_FOUND', `No route for ${req.method} ${req.path}`));
};
