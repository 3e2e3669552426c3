export { createBookingsService, type BookingsService } from './bookings.service';
export { bookingsRoutes } from './bookings.routes';
export { createBooking, bookingView, type BookingView, type BookingRow } from './bookings.repository';
