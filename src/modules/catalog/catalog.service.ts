// The catalog: movies, auditorium layouts, showtimes, and the seat map of a showtime.
import { AppError, notFound } from '../../lib/errors';
import type { Cache } from '../../lib/cache';
import type { EventBus, SeatStatus } from '../../lib/events';
import { isUniqueViolation } from '../../db/errors';
import { buildSeats } from './seat-layout';
import type { CatalogRepository, SeatStateRepository } from './catalog.repository';
import type { AuditoriumInput, MovieInput, SeatMap, SeatView, ShowtimeInput, ShowtimeQuery } from './catalog.schemas';

/** Minutes between the end of a film and the next showtime in the same room, for cleaning. */
export const TURNAROUND_MINUTES = 15;

type Deps = {
  catalog: CatalogRepository;
  seatState: SeatStateRepository;
  events: EventBus;
  cache: Cache;
  /** Check a cached seat map against the showtime's seat version before serving it (see sharedSeatMap). */
  verifySeatMapVersion: boolean;
};
/**
 * The caller-independent part of a seat map, as cached: `holders` maps held labels to their user; `json`
 * is the anonymous answer already serialized to UTF-8 (stringifying 300 seats was a third of a cached
 * read's CPU, and encoding the 40 KB string again on every send was the next cost).
 */
type SharedSeatMap = { version: number; seats: SeatMap['seats']; holders: Map<string, string>; json: Buffer };
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

export function createCatalogService({ catalog, seatState, events, cache, verifySeatMapVersion }: Deps) {
  // Listeners run synchronously after the commit and before the HTTP answer, so once a write is
  // acknowledged no later read is served the entry it made stale.
  events.on('seats.changed', ({ showtimeId }) => cache.del('seat-maps', showtimeId));
  events.on('catalog.changed', () => cache.del('catalog'));

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

  async function loadSeatMap(showtimeId: string): Promise<SharedSeatMap> {
    const row = await getShowtimeRow(showtimeId);
    const state = await seatState.load(showtimeId);
    if (!state) throw notFound('Showtime');
    const claims = new Map(state.claims.map((claim) => [claim.seatLabel, claim]));
    const holders = new Map<string, string>();
    // Object.assign rather than `{ ...seat, status }`: in Node 20's V8 a spread followed by a new key gives
    // every object its own hidden class, ~500 bytes more per seat of every cached map (heap snapshots:
    // 100 cached 1,000-seat maps took 82 MB, 33 MB this way).
    const withStatus = (seat: SeatView, status: SeatStatus) => Object.assign({}, seat, { status });
    const seats = (await seatsOf(row.auditoriumId)).map((seat) => {
      const claim = claims.get(seat.label);
      if (!claim) return withStatus(seat, 'available');
      if (claim.bookingId) return withStatus(seat, 'sold');
      holders.set(seat.label, claim.userId);
      return withStatus(seat, 'held');
    });
    return { version: state.version, seats, holders, json: Buffer.from(JSON.stringify({ showtimeId, version: state.version, seats })) };
  }

  // This process drops a seat map synchronously on its own writes (above); another instance's write
  // reaches it through Redis a few milliseconds after that instance answered. Every seat change bumps the
  // showtime's seat version before it commits, so with the check on, a cached map whose version is still
  // the database's is current and any other is reloaded: one primary-key read per cached read.
  const sharedSeatMap = (showtimeId: string) =>
    verifySeatMapVersion
      ? cache.getOrLoadVersioned('seat-maps', showtimeId, () => seatState.currentVersion(showtimeId), () => loadSeatMap(showtimeId))
      : cache.getOrLoad('seat-maps', showtimeId, () => loadSeatMap(showtimeId));

  return {
    listMovies: (page: { limit: number; offset: number }) =>
      cache.getOrLoad('catalog', `movies:${page.limit}:${page.offset}`, () => catalog.listMovies(page)),

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

    listAuditoriums: () =>
      cache.getOrLoad('catalog', 'auditoriums', async () => (await catalog.listAuditoriums()).map(auditoriumView)),

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

    listShowtimes(query: ShowtimeQuery) {
      const key = `showtimes:${JSON.stringify([query.movieId, query.from, query.to, query.limit, query.offset])}`;
      return cache.getOrLoad('catalog', key, async () => (await catalog.listShowtimes(query)).map(showtimeView));
    },

    getShowtime: (id: string) =>
      cache.getOrLoad('catalog', `showtime:${id}`, async () => {
        const row = await getShowtimeRow(id);
        const auditorium = await catalog.findAuditorium(row.auditoriumId);
        return { ...showtimeView(row), movie: row.movie, auditorium: auditorium && auditoriumView(auditorium) };
      }),

    /** Seats of a showtime with their status; `mine` marks the caller's own held seats. */
    async getSeatMap(showtimeId: string, userId?: string): Promise<SeatMap> {
      const shared = await sharedSeatMap(showtimeId);
      const holdsSome = userId !== undefined && [...shared.holders.values()].includes(userId);
      // The cached seats are shared by every caller: mark the caller's own with copies, never in place.
      const seats = holdsSome
        ? shared.seats.map((seat) => (shared.holders.get(seat.label) === userId ? { ...seat, mine: true } : seat))
        : shared.seats;
      return { showtimeId, version: shared.version, seats };
    },

    /** The anonymous seat map as JSON bytes, serialized once per cached version. */
    async getPublicSeatMapJson(showtimeId: string) {
      const shared = await sharedSeatMap(showtimeId);
      return { version: shared.version, json: shared.json };
    },

    seatsOf,
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
