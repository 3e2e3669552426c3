export { createBookingsService, type BookingsService } from './bookings.service';
export { bookingsRoutes } from './bookings.routes';
export { bookingViewSchema } from './bookings.schemas';
export { createBooking, findBookingOfHold, toBookingView, type BookingView, type BookingRow } from './bookings.repository';
