// What a check-in answer means at the door, in plain words: one headline a person can act on ("Admitted
// — seat F5", "Already checked in at 19:02") and, when refused, a sentence saying why.
import { ApiError, type Showtime } from '../api';
import { formatDateTime } from '../dom';
import { describeError } from '../messages';
import type { CheckedIn } from '../tickets';

const clock = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export type Verdict = { admitted: boolean; headline: string; detail?: string };

/** What a check-in answer means at the door, in plain words. */
export function verdictOf(result: { ticket: CheckedIn } | { error: unknown }, showtimes: Map<string, Showtime>): Verdict {
  if ('ticket' in result) return { admitted: true, headline: `Admitted — seat ${result.ticket.seat}` };
  const error = result.error;
  if (!(error instanceof ApiError)) return { admitted: false, headline: 'Not checked', detail: describeError(error) };
  const seat = typeof error.details.seat === 'string' ? ` (seat ${error.details.seat})` : '';
  switch (error.code) {
    case 'ALREADY_CHECKED_IN':
      return {
        admitted: false,
        headline: `Already checked in at ${clock(String(error.details.checkedInAt))}`,
        detail: `This ticket${seat} was used before. Each ticket lets one person in, once.`,
      };
    case 'TICKET_CANCELLED':
      return { admitted: false, headline: 'Not valid — booking cancelled', detail: `This ticket${seat} belongs to a cancelled booking.` };
    case 'WRONG_SHOWTIME': {
      const other = showtimes.get(String(error.details.showtimeId));
      const which = other ? `${other.movieTitle}, ${formatDateTime(other.startsAt)}` : 'another showtime';
      return { admitted: false, headline: 'Wrong showtime', detail: `This ticket${seat} is for ${which}.` };
    }
    case 'NOT_FOUND':
      return { admitted: false, headline: 'Unknown ticket', detail: 'No ticket has this code. Check it was typed in full.' };
    case 'VALIDATION_FAILED':
      return { admitted: false, headline: 'Not a ticket code', detail: 'A ticket code has 32 letters and digits (0-9, A-F).' };
    case 'FORBIDDEN':
      return { admitted: false, headline: 'Not allowed', detail: 'Only door staff and admins can check tickets in.' };
    default:
      return { admitted: false, headline: 'Not checked', detail: describeError(error) };
  }
}
