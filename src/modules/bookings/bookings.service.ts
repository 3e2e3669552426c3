// Bookings: list mine, read one, cancel before the showtime starts. Cancelling frees the seats through
// the seat ledger, so the waitlist is offered them before anyone else.
import { AppError, notFound } from '../../lib/errors';
import type { Clock } from '../../lib/clock';
import type { Db } from '../../db/client';
import type { CatalogService } from '../catalog';
import type { SeatLedger } from '../seats';
import { bookingsRepository, toBookingView } from './bookings.repository';
import { freeSeatsOfCancelledBooking } from './free-booking-seats';

type Deps = { db: Db; ledger: SeatLedger; clock: Clock; catalog: CatalogService };

export function createBookingsService(deps: Deps) {
  async function findOwn(userId: string, bookingId: string) {
    const booking = await bookingsRepository.findById(deps.db, bookingId);
    if (!booking || booking.userId !== userId) throw notFound('Booking');
    return booking;
  }

  return {
    async list(userId: string, page: { limit: number; offset: number }) {
      return (await bookingsRepository.listOfUser(deps.db, userId, page)).map(toBookingView);
    },
    async get(userId: string, bookingId: string) {
      return toBookingView(await findOwn(userId, bookingId));
    },
    async cancel(userId: string, bookingId: string) {
      const booking = await findOwn(userId, bookingId);
      if (booking.status === 'cancelled') return toBookingView(booking);
      const showtime = await deps.catalog.getShowtime(booking.showtimeId);
      await deps.ledger.change(booking.showtimeId, async (s) => {
        if (new Date(showtime.startsAt) <= s.now) throw new AppError('SHOWTIME_STARTED', 'This showtime has already started');
        if (!(await bookingsRepository.cancel(s.sql, booking.id, s.now))) return;
        await freeSeatsOfCancelledBooking(s, booking, userId);
      });
      return toBookingView(await findOwn(userId, bookingId));
    },
  };
}

export type BookingsService = ReturnType<typeof createBookingsService>;
