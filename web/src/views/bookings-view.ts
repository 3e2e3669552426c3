// My bookings, newest first, with cancel for confirmed ones, and each confirmed booking's tickets: a QR
// code per seat to show at the door, and a link to a page that prints them.
import { api, session, type Booking, type Showtime } from '../api';
import { groupCode, qrImage, type TicketedBooking } from '../tickets';
import { link, say } from '../app-shell';
import { formatDateTime, h, money, replace } from '../dom';
import { describeError } from '../messages';

export async function showBookings(main: HTMLElement) {
  if (!session.token) return void replace(main, h('p', {}, link('/login?next=/bookings', 'Sign in'), ' to see your bookings.'));
  replace(main, h('h1', {}, 'My bookings'), h('p', {}, 'Loading…'));
  let bookings: Booking[];
  try {
    bookings = (await api.bookings()).bookings;
  } catch (error) {
    replace(main, h('h1', {}, 'My bookings'), h('p', { 'data-testid': 'bookings-error' }, describeError(error)));
    return;
  }
  const showtimes = new Map<string, Showtime | null>();
  await Promise.all(
    [...new Set(bookings.map((booking) => booking.showtimeId))].map(async (id) => {
      showtimes.set(
        id,
        await api.showtime(id).then(
          (result) => result.showtime,
          () => null,
        ),
      );
    }),
  );

  const list = h('ul', { class: 'bookings', 'data-testid': 'bookings' });
  function draw() {
    if (!bookings.length) return replace(list, h('li', {}, 'No bookings yet. ', link('/', 'Find a showtime')));
    const sorted = [...bookings].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    replace(
      list,
      ...sorted.map((booking) => {
        const showtime = showtimes.get(booking.showtimeId);
        return h(
          'li',
          { class: `card booking booking--${booking.status}`, 'data-testid': 'booking', 'data-booking-id': booking.id },
          h('h2', {}, showtime ? showtime.movieTitle : 'Showtime'),
          showtime && h('p', {}, `${formatDateTime(showtime.startsAt)} · ${showtime.auditoriumName}`),
          h('p', {}, 'Booking reference ', h('code', { 'data-testid': 'booking-reference' }, booking.id.slice(-8).toUpperCase())),
          h(
            'p',
            {},
            `Seats ${booking.seats.join(', ')} · ${money(booking.totalCents)} · `,
            h('strong', { 'data-testid': 'booking-status' }, booking.status),
          ),
          booking.cancelReason &&
            h('p', { class: 'note', 'data-testid': 'booking-cancel-reason' }, `Cancelled by the theater: ${booking.cancelReason}`),
          booking.status === 'confirmed' && ticketList(booking),
          booking.status === 'confirmed' &&
            h('button', { type: 'button', 'data-testid': 'booking-cancel', onclick: () => cancel(booking) }, 'Cancel booking'),
        );
      }),
    );
  }

  async function cancel(booking: Booking) {
    if (!confirm(`Cancel seats ${booking.seats.join(', ')}?`)) return;
    try {
      const { booking: cancelled } = await api.cancelBooking(booking.id);
      bookings = bookings.map((each) => (each.id === cancelled.id ? cancelled : each));
      say(`Cancelled seats ${cancelled.seats.join(', ')}.`, 'success');
      draw();
    } catch (error) {
      say(describeError(error), 'error');
    }
  }

  replace(main, h('h1', {}, 'My bookings'), list);
  draw();
}

/** The booking's tickets: show a QR at the door (or read its code out); the print link opens a page per ticket. */
function ticketList(booking: TicketedBooking) {
  const tickets = booking.tickets ?? [];
  if (!tickets.length) return null;
  return h(
    'div',
    { class: 'tickets' },
    h(
      'ul',
      { class: 'ticket-list', 'aria-label': 'Tickets' },
      ...tickets.map((ticket) =>
        h(
          'li',
          { class: 'ticket', 'data-testid': 'ticket', 'data-ticket-id': ticket.id },
          qrImage(booking.id, ticket, 132),
          h('span', { class: 'ticket-seat' }, `Seat ${ticket.seat}`),
          h('code', { class: 'ticket-code', 'data-testid': 'ticket-code' }, groupCode(ticket.code)),
        ),
      ),
    ),
    link(`/bookings/${encodeURIComponent(booking.id)}/tickets`, tickets.length > 1 ? 'Print tickets' : 'Print ticket', {
      'data-testid': 'print-tickets',
    }),
  );
}
