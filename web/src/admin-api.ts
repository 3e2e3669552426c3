// The admin's programme and sales calls (docs/operations.md), beside api.ts so the customer calls stay short.
import { call, query, type Auditorium, type Movie, type Showtime } from './api';

/** GET /api/admin/reports: money in minor units (cents) of `currency`, percentages 0-100. */
export type SalesReport = {
  currency: string;
  generatedAt: string;
  showtimes: {
    showtimeId: string;
    movieTitle: string;
    auditoriumName: string;
    startsAt: string;
    status: 'scheduled' | 'cancelled';
    seats: number;
    sold: number;
    held: number;
    free: number;
    soldPercent: number;
    heldPercent: number;
    freePercent: number;
    revenueCents: number;
  }[];
  days: { date: string; ticketsSold: number; revenueCents: number; occupancyPercent: number }[];
  films: { movieId: string; movieTitle: string; ticketsSold: number; revenueCents: number; occupancyPercent: number }[];
  totals: { showtimes: number; seats: number; ticketsSold: number; revenueCents: number; occupancyPercent: number };
};

export const adminApi = {
  updateMovie: (id: string, body: Partial<Pick<Movie, 'title' | 'rating' | 'durationMinutes'>>) =>
    call<{ movie: Movie }>('PATCH', `/api/movies/${id}`, body),
  deleteMovie: (id: string) => call<void>('DELETE', `/api/movies/${id}`),
  updateAuditorium: (id: string, body: { name: string }) => call<{ auditorium: Auditorium }>('PATCH', `/api/auditoriums/${id}`, body),
  deleteAuditorium: (id: string) => call<void>('DELETE', `/api/auditoriums/${id}`),
  moveShowtime: (id: string, startsAt: string) =>
    call<{ showtime: Showtime; usersNotified: number }>('PATCH', `/api/showtimes/${id}`, { startsAt }),
  deleteShowtime: (id: string) => call<void>('DELETE', `/api/showtimes/${id}`),
  cancelShowtime: (id: string, reason?: string) =>
    call<{
      showtime: Showtime;
      alreadyCancelled: boolean;
      ended: { bookings: number; holds: number; waitlistEntries: number; usersNotified: number };
    }>('POST', `/api/admin/showtimes/${id}/cancel`, reason ? { reason } : {}),
  reports: (params: { from?: string; to?: string } = {}) => call<SalesReport>('GET', `/api/admin/reports${query(params)}`),
};
