// After a booking became cancelled (by its buyer, or with its showtime by the theater), inside that
// showtime's seat transaction: its claims go, the cancellation is audited under whoever did it, and the
// seats are marked free, so the waitlist is offered them before anyone else.
import { auditRepository } from '../audit';
import type { SeatTx } from '../seats';
import { seatClaims } from '../seats';

export async function freeSeatsOfCancelledBooking(
  s: SeatTx,
  booking: { id: string; holdId: string | null; seats: string[] },
  actorId: string,
) {
  await seatClaims.releaseOfBooking(s.sql, booking.id);
  await auditRepository.record(s.sql, [
    {
      showtimeId: s.showtimeId,
      userId: actorId,
      action: 'booking.cancelled',
      seats: booking.seats,
      bookingId: booking.id,
      holdId: booking.holdId ?? undefined,
      at: s.now,
    },
  ]);
  s.mark(booking.seats, 'available');
}
