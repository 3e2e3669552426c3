// A purchase's answer as its idempotency record stores it, and as a repeat of the same key gets it back:
// the booking (201), or a definite failure kept as its error (declined, expired, not active).
import { AppError } from '../../lib/errors';
import type { BookingView } from '../bookings';
import type { StoredResponse } from './idempotency';

/** `replayed`: the answer was given before (this key's stored answer, or the booking the hold already became). */
export type PurchaseResult = { booking: BookingView; replayed: boolean };

export const bookingAnswer = (booking: BookingView): StoredResponse => ({ status: 201, body: { booking } });
export const errorAnswer = (error: AppError): StoredResponse => ({
  status: 0,
  body: { error: { code: error.code, message: error.message, details: error.details } },
});

/** A stored answer as the caller gets it: the booking, or its error thrown again. */
export function replay(stored: StoredResponse): PurchaseResult {
  const body = stored.body as {
    booking?: BookingView;
    error?: { code: AppError['code']; message: string; details?: Record<string, unknown> };
  };
  if (body?.error) throw new AppError(body.error.code, body.error.message, body.error.details);
  return { booking: body.booking as BookingView, replayed: true };
}
