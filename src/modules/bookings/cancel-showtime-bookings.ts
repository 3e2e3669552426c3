// The bookings module's part when the theater cancels a showtime, inside that showtime's seat
// transaction: every confirmed booking becomes cancelled with the theater's reason (its tickets are void
// with it), its seats are freed, and each is audited as cancelled by the admin. Refunds are the payment
// provider's business and are not made here (docs/operations.md).
import type { SeatTx } from '../seats';
import { freeSeatsOfCancelledBooking } from './free-booking-seats';
import { showtimeBookings } from './showtime-bookings.repository';

export type CancelledBooking = { id: string; userId: string; seats: string[] };

export async function cancelBookingsOfShowtime(s: SeatTx, actorId: string, reason: string): Promise<CancelledBooking[]> {
  const cancelled: CancelledBooking[] = [];
  for (const booking of await showtimeBookings.confirmed(s.sql, s.showtimeId)) {
    if (!(await showtimeBookings.cancelWithReason(s.sql, booking.id, s.now, reason))) continue;
    await freeSeatsOfCancelledBooking(s, booking, actorId);
    cancelled.push({ id: booking.id, userId: booking.userId, seats: booking.seats });
  }
  return cancelled;
}

/** Users with a confirmed booking of the showtime (they are told when it moves). */
export async function bookersOfShowtime(s: Pick<SeatTx, 'sql' | 'showtimeId'>) {
  return [...new Set((await showtimeBookings.confirmed(s.sql, s.showtimeId)).map((booking) => booking.userId))];
}
