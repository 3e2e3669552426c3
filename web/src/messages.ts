// One human sentence for every error code of the contract, so no screen shows a raw code.
import { ApiError } from './api';

const seatList = (seats: unknown) => (Array.isArray(seats) && seats.length ? seats.join(', ') : 'Some of those seats');

export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  const { code, details } = error;
  switch (code) {
    case 'SEATS_UNAVAILABLE': {
      const seats = details.seats as string[] | undefined;
      const verb = Array.isArray(seats) && seats.length > 1 ? 'were' : 'was';
      return `Sorry, ${seatList(seats)} ${verb} just taken by someone else. Pick other seats.`;
    }
    case 'HOLD_EXPIRED':
      return 'Your hold expired and the seats went back on sale. Choose seats again.';
    case 'HOLD_LIMIT_EXCEEDED':
      return 'You are holding as many seats as one person may for this showtime. Buy or release some first.';
    case 'HOLD_NOT_ACTIVE':
      return 'That hold is no longer active.';
    case 'ALREADY_EXTENDED':
      return 'A hold can be extended only once.';
    case 'NOT_ADMITTED':
      return 'This showtime has a waiting room: wait for your turn, then choose seats.';
    case 'RATE_LIMITED': {
      const wait = error.retryAfterSeconds ? ` Try again in ${error.retryAfterSeconds} seconds.` : ' Please wait a moment.';
      return `You are going a bit fast.${wait}`;
    }
    case 'PAYMENT_DECLINED':
      return 'Your payment was declined. Nothing was charged; your seats are still held.';
    case 'IDEMPOTENCY_IN_PROGRESS':
      return 'Your purchase is still being processed. Please wait.';
    case 'IDEMPOTENCY_KEY_REUSED':
      return 'That purchase request changed while being retried. Please press Buy again.';
    case 'ALREADY_WAITLISTED':
      return 'You are already on the waitlist for this showtime.';
    case 'SEATS_AVAILABLE':
      return 'There are enough free seats right now, so no need to wait. Pick them on the map.';
    case 'SHOWTIME_STARTED':
      return 'This showtime has already started.';
    case 'SHOWTIME_CANCELLED':
      return 'This showtime was cancelled by the theater. Please choose another one.';
    // The admin's refusals: the server's sentence says what is in the way.
    case 'SHOWTIME_HAS_SALES':
    case 'IN_USE':
      return error.message;
    case 'SHOWTIME_OVERLAP':
      return 'That auditorium is busy at that time with another showtime.';
    case 'EMAIL_TAKEN':
      return 'An account with this email already exists. Sign in instead.';
    case 'UNAUTHENTICATED':
      return 'Please sign in (again) to continue.';
    case 'FORBIDDEN':
      return 'You are not allowed to do that.';
    case 'NOT_FOUND':
      return 'That was not found. It may have been removed.';
    case 'VALIDATION_FAILED': {
      const field = typeof details.field === 'string' ? ` (${details.field.replace(/^body\./, '')})` : '';
      return `Please check what you entered${field}: ${error.message}`;
    }
    case 'PAYLOAD_TOO_LARGE':
      return 'That request is too large.';
    case 'NETWORK':
      return 'Cannot reach Marquee. Check your connection and try again.';
    default:
      return 'Something went wrong on our side. Please try again.';
  }
}
