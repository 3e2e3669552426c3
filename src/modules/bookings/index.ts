export { createBookingsService, type BookingsService } from './bookings.service';
export { bookingsRoutes } from './bookings.routes';
export { bookingViewSchema } from './bookings.schemas';
export { cancelBookingsOfShowtime, bookersOfShowtime, type CancelledBooking } from './cancel-showtime-bookings';
export { createBooking, findBookingOfHold, toBookingView, type BookingView, type BookingRow } from './bookings.repository';
