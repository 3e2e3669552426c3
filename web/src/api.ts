// Talks to the Marquee HTTP API (see the contract). Keeps the token in localStorage and turns error
// bodies into ApiError with the contract's code. Notes which instance answered (instances.ts).
import { noteReachable } from './connection';
import { noteInstance } from './instances';

export type User = { id: string; email: string; name: string; role: 'customer' | 'staff' | 'admin' };
export type Movie = { id: string; title: string; durationMinutes: number; rating: string; description?: string };
export type Showtime = {
  id: string;
  movieId: string;
  auditoriumId: string;
  startsAt: string;
  endsAt: string;
  movieTitle: string;
  auditoriumName: string;
  status?: 'scheduled' | 'cancelled';
  cancelReason?: string | null;
};
export type RowLayout = { label: string; seats: number; offset: number; gapsAfter: number[]; section: string; accessible: number[] };
export type Auditorium = {
  id: string;
  name: string;
  seatCount: number;
  sections: { name: string; priceCents: number }[];
  rows: RowLayout[];
};
export type ShowtimeDetail = Showtime & { movie: Movie; auditorium: Auditorium | null };
export type SeatStatus = 'available' | 'held' | 'sold';
export type Seat = {
  label: string;
  row: string;
  number: number;
  rowIndex: number;
  column: number;
  section: string;
  priceCents: number;
  accessible: boolean;
  status: SeatStatus;
  mine?: boolean;
};
export type SeatMap = { showtimeId: string; version: number; seats: Seat[] };
export type Hold = {
  id: string;
  showtimeId: string;
  seats: string[];
  status: string;
  expiresAt: string;
  createdAt: string;
  extended?: boolean;
  waitlistEntryId?: string | null;
};
export type Booking = {
  id: string;
  showtimeId: string;
  seats: string[];
  totalCents: number;
  status: string;
  createdAt: string;
  /** Set when the theater cancelled it (the showtime was cancelled). */
  cancelReason?: string | null;
};
export type WaitlistEntry = {
  id: string;
  showtimeId: string;
  partySize: number;
  adjacent: boolean;
  status: 'waiting' | 'offered' | 'accepted' | 'expired' | 'left';
  position?: number | null;
  joinedAt: string;
  offer?: { holdId: string; seats: string[]; expiresAt: string } | null;
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

const tokenKey = 'marquee.token';
export const session = {
  get token() {
    return localStorage.getItem(tokenKey);
  },
  set token(value: string | null) {
    if (value) localStorage.setItem(tokenKey, value);
    else localStorage.removeItem(tokenKey);
  },
};

export async function call<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  cache?: RequestCache,
): Promise<T> {
  const token = session.token;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache,
    });
  } catch {
    noteReachable(false);
    throw new ApiError(0, 'NETWORK', 'Cannot reach the server');
  }
  // A 502/503/504 from a proxy in front of a stopped server is "away" too; anything else is an answer.
  noteReachable(![502, 503, 504].includes(response.status) || response.headers.has('X-Marquee-Instance'));
  noteInstance('page', response.headers.get('X-Marquee-Instance'));
  if (response.status === 204) return undefined as T;
  const payload = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = payload?.error ?? {};
    const retryAfter = Number(response.headers.get('Retry-After'));
    throw new ApiError(
      response.status,
      error.code ?? 'INTERNAL',
      error.message ?? response.statusText,
      error.details ?? {},
      retryAfter || undefined,
    );
  }
  return payload as T;
}

export const query = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return search.size ? `?${search}` : '';
};

export const api = {
  register: (body: { email: string; password: string; name: string }) =>
    call<{ user: User; token: string }>('POST', '/api/auth/register', body),
  login: (body: { email: string; password: string }) => call<{ user: User; token: string }>('POST', '/api/auth/login', body),
  me: () => call<{ user: User }>('GET', '/api/me'),
  settings: () =>
    call<{ currency: string; minorUnitDigits: number; maxSeatsPerHold: number; maxSeatsPerUser: number }>('GET', '/api/settings'),

  // Catalog lists may be cached by the browser for a few seconds (Cache-Control); `fresh` asks the
  // server again, for the admin who just created something.
  movies: (fresh = false) => call<{ movies: Movie[] }>('GET', '/api/movies?limit=200', undefined, {}, fresh ? 'no-cache' : undefined),
  showtimes: (params: { movieId?: string; from?: string; to?: string; status?: 'scheduled' | 'cancelled' | 'all' }, fresh = false) =>
    call<{ showtimes: Showtime[] }>(
      'GET',
      `/api/showtimes${query({ ...params, limit: '200' })}`,
      undefined,
      {},
      fresh ? 'no-cache' : undefined,
    ),
  showtime: (id: string) => call<{ showtime: ShowtimeDetail }>('GET', `/api/showtimes/${id}`),
  seats: (id: string) => call<SeatMap>('GET', `/api/showtimes/${id}/seats`),
  auditoriums: (fresh = false) =>
    call<{ auditoriums: Auditorium[] }>('GET', '/api/auditoriums', undefined, {}, fresh ? 'no-cache' : undefined),

  hold: (showtimeId: string, seats: string[]) => call<{ hold: Hold }>('POST', `/api/showtimes/${showtimeId}/holds`, { seats }),
  best: (showtimeId: string, count: number) => call<{ seats: string[] }>('GET', `/api/showtimes/${showtimeId}/best?count=${count}`),
  orphans: (showtimeId: string, seats: string[]) =>
    call<{ rule: 'off' | 'warn' | 'enforce'; stranded: string[] }>(
      'GET',
      `/api/showtimes/${showtimeId}/orphans?seats=${encodeURIComponent(seats.join(','))}`,
    ),
  myHolds: () => call<{ holds: Hold[] }>('GET', '/api/holds'),
  release: (holdId: string) => call<void>('DELETE', `/api/holds/${holdId}`),
  extend: (holdId: string) => call<{ hold: Hold }>('POST', `/api/holds/${holdId}/extend`),
  purchase: (holdId: string, idempotencyKey: string) =>
    call<{ booking: Booking }>(
      'POST',
      `/api/holds/${holdId}/purchase`,
      { paymentToken: 'tok_demo' },
      { 'Idempotency-Key': idempotencyKey },
    ),

  bookings: () => call<{ bookings: Booking[] }>('GET', '/api/bookings'),
  cancelBooking: (id: string) => call<{ booking: Booking }>('POST', `/api/bookings/${id}/cancel`),

  joinWaitlist: (showtimeId: string, body: { partySize: number; adjacent: boolean }) =>
    call<{ entry: WaitlistEntry }>('POST', `/api/showtimes/${showtimeId}/waitlist`, body),
  waitlistEntry: (id: string) => call<{ entry: WaitlistEntry }>('GET', `/api/waitlist/${id}`),
  leaveWaitlist: (id: string) => call<void>('DELETE', `/api/waitlist/${id}`),

  createMovie: (body: { title: string; durationMinutes: number; rating: string }) => call<{ movie: Movie }>('POST', '/api/movies', body),
  createAuditorium: (body: { name: string; sections: { name: string; priceCents: number }[]; rows: RowLayout[] }) =>
    call<{ auditorium: Auditorium }>('POST', '/api/auditoriums', body),
  createShowtime: (body: { movieId: string; auditoriumId: string; startsAt: string }) =>
    call<{ showtime: Showtime }>('POST', '/api/showtimes', body),
  adminStats: () => call<Record<string, unknown>>('GET', '/api/admin/stats'),
  audit: (showtimeId: string) => call<Record<string, unknown>>('GET', `/api/admin/showtimes/${showtimeId}/audit`),
  waitlistLog: (showtimeId: string) => call<Record<string, unknown>>('GET', `/api/showtimes/${showtimeId}/waitlist/log`),
};
