export { createBookingsService, type BookingsService } from './bookings.service';
export { bookingsRoutes } from './bookings.routes';
export { createBooking, findBookingOfHold, bookingView, type BookingView, type BookingRow } from './bookings.repository';
