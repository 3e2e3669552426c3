// The printable tickets of one booking (/bookings/:id/tickets): one ticket per seat, each on its own
// page when printed, with the film, the time, the room, the seat, the QR code and the code in words.
// The print styles (web/styles.css, "Tickets and door") hide the site's header and buttons on paper.
import { api, session, type Showtime } from '../api';
import { link } from '../app-shell';
import { formatDateTime, h, replace } from '../dom';
import { describeError } from '../messages';
import { groupCode, qrImage, ticketsApi } from '../tickets';

export async function showTicketPrint(main: HTMLElement, bookingId: string) {
  const back = link('/bookings', '← My bookings', { class: 'no-print' });
  if (!session.token)
    return void replace(main, h('p', {}, link(`/login?next=/bookings/${bookingId}/tickets`, 'Sign in'), ' to see your tickets.'));
  replace(main, back, h('p', {}, 'Loading…'));
  let booking;
  let showtime: Showtime | null = null;
  try {
    booking = (await ticketsApi.booking(bookingId)).booking;
    showtime = await api.showtime(booking.showtimeId).then(
      (result) => result.showtime,
      () => null,
    );
  } catch (error) {
    return void replace(main, back, h('p', { 'data-testid': 'tickets-error' }, describeError(error)));
  }
  const tickets = booking.tickets ?? [];
  if (booking.status !== 'confirmed' || !tickets.length) {
    return void replace(
      main,
      back,
      h('p', { 'data-testid': 'tickets-void' }, 'This booking was cancelled: its tickets are no longer valid.'),
    );
  }
  replace(
    main,
    h(
      'div',
      { class: 'no-print print-bar' },
      back,
      h('button', { type: 'button', class: 'primary', onclick: () => window.print(), 'data-testid': 'print' }, 'Print'),
    ),
    ...tickets.map((ticket) =>
      h(
        'article',
        { class: 'printed-ticket', 'data-testid': 'printed-ticket', 'aria-label': `Ticket for seat ${ticket.seat}` },
        h('p', { class: 'printed-ticket__brand' }, 'Marquee · Admit one'),
        h('h1', {}, showtime?.movieTitle ?? 'Showtime'),
        showtime && h('p', { class: 'printed-ticket__when' }, `${formatDateTime(showtime.startsAt)} · ${showtime.auditoriumName}`),
        h('p', { class: 'printed-ticket__seat' }, 'Seat ', h('strong', {}, ticket.seat)),
        qrImage(booking.id, ticket, 260),
        h('p', { class: 'printed-ticket__code' }, 'Code ', h('code', {}, groupCode(ticket.code))),
        h('p', { class: 'printed-ticket__note' }, 'Show this code at the door. Each ticket lets one person in, once.'),
      ),
    ),
  );
}
