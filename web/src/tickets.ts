// Tickets and the door, client side: the calls the ticket and door screens make. A ticket's QR image is
// for its owner only, so it cannot be a plain <img src> (an <img> sends no Authorization header): it is
// fetched with the bearer token and shown as a data: URL, which the page's Content-Security-Policy allows.
import { ApiError, call, session, type Booking } from './api';

export type Ticket = { id: string; seat: string; code: string };
export type TicketedBooking = Booking & { tickets?: Ticket[] };
export type CheckedIn = { id: string; seat: string; showtimeId: string; checkedInAt: string };
export type Admissions = { showtimeId: string; admitted: number; sold: number };

export const ticketsApi = {
  booking: (id: string) => call<{ booking: TicketedBooking }>('GET', `/api/bookings/${encodeURIComponent(id)}`),
  checkIn: (code: string, showtimeId?: string) => call<{ ticket: CheckedIn }>('POST', '/api/checkin', { code, showtimeId }),
  admissions: (showtimeId: string) => call<Admissions>('GET', `/api/showtimes/${encodeURIComponent(showtimeId)}/checkins`),
};

/** The ticket's QR code as a data: URL for an <img>; throws ApiError when it cannot be had. */
export async function ticketQrUrl(bookingId: string, ticketId: string): Promise<string> {
  const token = session.token;
  const response = await fetch(`/api/bookings/${encodeURIComponent(bookingId)}/tickets/${encodeURIComponent(ticketId)}.svg`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  }).catch(() => undefined);
  if (!response) throw new ApiError(0, 'NETWORK', 'Cannot reach the server');
  if (!response.ok) throw new ApiError(response.status, 'NOT_FOUND', 'The ticket image is not available');
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(await response.text())}`;
}

/** "3F2A 9C01 …": the code in groups of four, easier to read out and type at the door. */
export const groupCode = (code: string) => code.replace(/(.{4})(?=.)/g, '$1 ');

/** An <img> of the ticket's QR code that fills itself in once fetched (a text note if it cannot be). */
export function qrImage(bookingId: string, ticket: Ticket, size = 160): HTMLImageElement {
  const image = document.createElement('img');
  image.className = 'ticket-qr';
  image.width = size;
  image.height = size;
  image.alt = `QR code of the ticket for seat ${ticket.seat}`;
  image.dataset.testid = 'ticket-qr';
  ticketQrUrl(bookingId, ticket.id).then(
    (url) => {
      image.src = url;
      image.dataset.loaded = 'true';
    },
    () => {
      image.alt = `The QR code of seat ${ticket.seat} could not be loaded; the code below works at the door too`;
    },
  );
  return image;
}
