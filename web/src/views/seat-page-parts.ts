// Smaller pieces of the seat page: the confirmation card, the error page, and the slow poll that keeps
// the map fresh while the live connection is down.
import type { Booking } from '../api';
import { link } from '../app-shell';
import { h, money, replace } from '../dom';
import { describeError } from '../messages';
import { isLive } from '../realtime';

/** The short reference printed on a booking: its id's last 8 characters, upper case. */
export const bookingReference = (booking: Booking) => booking.id.slice(-8).toUpperCase();

export function confirmationCard(bookings: Booking[]) {
  const seats = bookings.flatMap((booking) => booking.seats);
  const total = bookings.reduce((sum, booking) => sum + booking.totalCents, 0);
  return h(
    'section',
    { class: 'card confirmation', 'data-testid': 'confirmation' },
    h('h2', {}, 'Booked!'),
    h('p', {}, `Seats ${seats.join(', ')} · paid ${money(total)}`),
    h(
      'p',
      {},
      `Booking reference${bookings.length > 1 ? 's' : ''} `,
      ...bookings.map((booking) => h('code', { 'data-testid': 'booking-reference' }, bookingReference(booking))),
    ),
    link('/bookings', 'See my bookings'),
  );
}

export function seatPageError(main: HTMLElement, error: unknown) {
  document.title = 'Showtime not available · Marquee';
  replace(
    main,
    h('h1', {}, 'This showtime cannot be shown'),
    h('p', { 'data-testid': 'seat-page-error' }, describeError(error)),
    link('/', 'Back to showtimes'),
  );
}

/** Without live updates (socket down, or a proxy that blocks it) the map still refreshes, slowly; the bar's countdown ticks. */
export function startPolling(reload: () => Promise<void>, tick: () => void) {
  const poll = setInterval(() => {
    if (!isLive()) void reload();
  }, 5000);
  const ticker = setInterval(tick, 1000);
  return {
    stop() {
      clearInterval(poll);
      clearInterval(ticker);
    },
  };
}
