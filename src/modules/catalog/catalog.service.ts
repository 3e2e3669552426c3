// The catalog: movies, auditorium layouts, showtimes, and the seat map of a showtime.
import { AppError, notFound } from '../../lib/errors';
import type { EventBus } from '../../lib/events';
import { isUniqueViolation } from '../../db/errors';
import { buildSeats } from './seat-layout';
import type { CatalogRepository, SeatStateRepository } from './catalog.repository';
import type { AuditoriumInput, MovieInput, SeatMap, SeatView, ShowtimeInput, ShowtimeQuery } from './catalog.schemas';

/** Minutes between the end of a film and the next showtime in the same room, for cleaning. */
export const TURNAROUND_MINUTES = 15;

type Deps = { catalog: CatalogRepository; seatState: SeatStateRepository; events: EventBus };
type ShowtimeRow = NonNullable<Awaited<ReturnType<CatalogRepository['findShowtime']>>>;

const showtimeView = (row: ShowtimeRow) => ({
  id: row.id,
  movieId: row.movieId,
  auditoriumId: row.auditoriumId,
  startsAt: row.startsAt.toISOString(),
  endsAt: row.endsAt.toISOString(),
  movieTitle: row.movie.title,
  auditoriumName: row.auditorium.name,
});

function auditoriumView(row: { id: string; name: string; seatCount: number; layout: string }) {
  const layout = JSON.parse(row.layout) as AuditoriumInput;
  return { id: row.id, name: row.name, seatCount: row.seatCount, sections: layout.sections, rows: layout.rows };
}

export function createCatalogService({ catalog, seatState, events }: Deps) {
  // An auditorium's seats never change after it is created, so each process keeps them once read.
  const seatsByAuditorium = new Map<string, SeatView[]>();
  async function seatsOf(auditoriumId: string) {
    let seats = seatsByAuditorium.get(auditoriumId);
    if (!seats) {
      seats = await catalog.listSeats(auditoriumId);
      seatsByAuditorium.set(auditoriumId, seats);
    }
    return seats;
  }

  async function getShowtimeRow(id: string) {
    const row = await catalog.findShowtime(id);
    if (!row) throw notFound('Showtime');
    return row;
  }

  return {
    listMovies: (page: { limit: number; offset: number }) => catalog.listMovies(page),

    async createMovie(input: MovieInput) {
      const movie = await catalog.createMovie({ ...input, description: input.description ?? '' });
      events.emit('catalog.changed', {});
      return movie;
    },

    async createAuditorium(input: AuditoriumInput) {
      try {
        const row = await catalog.createAuditorium({ name: input.name, layout: JSON.stringify(input) }, buildSeats(input));
        events.emit('catalog.changed', {});
        return auditoriumView(row);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new AppError('VALIDATION_FAILED', 'An auditorium with this name exists', { field: 'body.name' });
        }
        throw error;
      }
    },

    async listAuditoriums() {
      return (await catalog.listAuditoriums()).map(auditoriumView);
    },

    async createShowtime(input: ShowtimeInput, now: Date) {
      const [movie, auditorium] = await Promise.all([catalog.findMovie(input.movieId), catalog.findAuditorium(input.auditoriumId)]);
      if (!movie) throw new AppError('VALIDATION_FAILED', 'No such movie', { field: 'body.movieId' });
      if (!auditorium) throw new AppError('VALIDATION_FAILED', 'No such auditorium', { field: 'body.auditoriumId' });
      const startsAt = new Date(input.startsAt);
      if (startsAt <= now) throw new AppError('VALIDATION_FAILED', 'A showtime must start in the future', { field: 'body.startsAt' });
      const endsAt = new Date(startsAt.getTime() + (movie.durationMinutes + TURNAROUND_MINUTES) * 60_000);
      const { created, clash } = await catalog.createShowtimeUnlessOverlapping({ ...input, startsAt, endsAt });
      if (!created) {
        throw new AppError('SHOWTIME_OVERLAP', `${auditorium.name} is busy then with another showtime`, {
          showtimeId: clash?.id,
          startsAt: clash?.startsAt.toISOString(),
          endsAt: clash?.endsAt.toISOString(),
        });
      }
      events.emit('catalog.changed', { showtimeId: created.id });
      return showtimeView(created);
    },

    async listShowtimes(query: ShowtimeQuery) {
      return (await catalog.listShowtimes(query)).map(showtimeView);
    },

    async getShowtime(id: string) {
      const row = await getShowtimeRow(id);
      const auditorium = await catalog.findAuditorium(row.auditoriumId);
      return { ...showtimeView(row), movie: row.movie, auditorium: auditorium && auditoriumView(auditorium) };
    },

    /** Seats of a showtime with their status; `mine` marks the caller's own held seats. */
    async getSeatMap(showtimeId: string, userId?: string): Promise<SeatMap> {
      const row = await getShowtimeRow(showtimeId);
      const state = await seatState.load(showtimeId);
      if (!state) throw notFound('Showtime');
      const claims = new Map(state.claims.map((claim) => [claim.seatLabel, claim]));
      const seats = (await seatsOf(row.auditoriumId)).map((seat) => {
        const claim = claims.get(seat.label);
        if (!claim) return { ...seat, status: 'available' as const };
        if (claim.bookingId) return { ...seat, status: 'sold' as const };
        return claim.userId === userId ? { ...seat, status: 'held' as const, mine: true } : { ...seat, status: 'held' as const };
      });
      return { showtimeId, version: state.version, seats };
    },

    seatsOf,
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
