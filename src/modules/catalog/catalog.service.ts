// The catalog: movies, auditorium layouts, showtimes, and the seat map of a showtime.
import { AppError, notFound } from '../../lib/errors';
import type { Cache } from '../../lib/cache';
import type { EventBus } from '../../lib/events';
import { isUniqueViolation } from '../../db/errors';
import type { ReplicaSet } from '../../db/replicas';
import { createCatalogReads, type ReadSource } from './catalog-reads';
import { createSeatMaps } from './seat-maps';
import { buildSeats } from './seat-layout';
import type { CatalogRepository, SeatStateRepository } from './catalog.repository';
import type { ProgrammeRepository } from './programme.repository';
import { createProgramme } from './programme.service';
import type { AuditoriumInput, AuditoriumPatch, MovieInput, SeatMap, ShowtimeInput, ShowtimeQuery } from './catalog.schemas';

/** Minutes between the end of a film and the next showtime in the same room, for cleaning. */
export const TURNAROUND_MINUTES = 15;

type Deps = {
  catalog: CatalogRepository;
  seatState: SeatStateRepository;
  /** Edits and deletes of the programme (programme.service.ts). */
  programme: ProgrammeRepository;
  events: EventBus;
  cache: Cache;
  /** Check a cached seat map against the showtime's seat version before serving it (see seat-maps.ts). */
  verifySeatMapVersion: boolean;
  /** Read replicas (DATABASE_REPLICA_URLS): anonymous reads go there (catalog-reads.ts, seat-maps.ts). */
  replicas?: ReplicaSet;
};
type ShowtimeRow = NonNullable<Awaited<ReturnType<CatalogRepository['findShowtime']>>>;

const showtimeView = (row: ShowtimeRow) => ({
  id: row.id,
  movieId: row.movieId,
  auditoriumId: row.auditoriumId,
  startsAt: row.startsAt.toISOString(),
  endsAt: row.endsAt.toISOString(),
  movieTitle: row.movie.title,
  auditoriumName: row.auditorium.name,
  status: row.status === 'cancelled' ? ('cancelled' as const) : ('scheduled' as const),
  cancelReason: row.cancelReason ?? null,
});

function auditoriumView(row: { id: string; name: string; seatCount: number; layout: string }) {
  const layout = JSON.parse(row.layout) as AuditoriumInput;
  return {
    id: row.id,
    name: row.name,
    seatCount: row.seatCount,
    sections: layout.sections,
    rows: layout.rows,
    orphanRule: layout.orphanRule ?? 'off',
    bestSpot: layout.bestSpot ?? null,
  };
}

export function createCatalogService({ catalog, seatState, programme, events, cache, verifySeatMapVersion, replicas }: Deps) {
  const reads = createCatalogReads({ name: 'primary', catalog, seatState }, replicas);
  const seatMaps = createSeatMaps({ reads, events, cache, verifySeatMapVersion });
  events.on('catalog.changed', () => cache.del('catalog'));
  // A catalog write is announced (and the cache dropped) only once this process knows its WAL position,
  // so no read after the announcement takes a replica that lacks it for current.
  async function announceCatalogChange(showtimeId?: string) {
    await reads.afterCatalogWrite();
    events.emit('catalog.changed', showtimeId ? { showtimeId } : {});
  }

  async function getShowtimeRow(id: string, source: ReadSource = reads.primary) {
    const row = await source.catalog.findShowtime(id);
    if (!row) throw notFound('Showtime');
    return row;
  }

  const programmeChanges = createProgramme({ catalog, programme, announce: announceCatalogChange, turnaroundMinutes: TURNAROUND_MINUTES });

  return {
    ...programmeChanges,
    updateAuditorium: async (id: string, patch: AuditoriumPatch) => auditoriumView(await programmeChanges.updateAuditorium(id, patch)),

    listMovies: (page: { limit: number; offset: number }) =>
      cache.getOrLoad('catalog', `movies:${page.limit}:${page.offset}`, () =>
        reads.readCatalog((source) => source.catalog.listMovies(page)),
      ),

    async createMovie(input: MovieInput) {
      const movie = await catalog.createMovie({ ...input, description: input.description ?? '' });
      await announceCatalogChange();
      return movie;
    },

    async createAuditorium(input: AuditoriumInput) {
      try {
        const row = await catalog.createAuditorium({ name: input.name, layout: JSON.stringify(input) }, buildSeats(input));
        await announceCatalogChange();
        return auditoriumView(row);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new AppError('VALIDATION_FAILED', 'An auditorium with this name exists', { field: 'body.name' });
        }
        throw error;
      }
    },

    listAuditoriums: () =>
      cache.getOrLoad('catalog', 'auditoriums', async () =>
        (await reads.readCatalog((source) => source.catalog.listAuditoriums())).map(auditoriumView),
      ),

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
      await announceCatalogChange(created.id);
      return showtimeView(created);
    },

    listShowtimes(query: ShowtimeQuery) {
      const key = `showtimes:${JSON.stringify([query.movieId, query.status, query.from, query.to, query.limit, query.offset])}`;
      return cache.getOrLoad('catalog', key, async () =>
        (await reads.readCatalog((source) => source.catalog.listShowtimes(query))).map(showtimeView),
      );
    },

    getShowtime: (id: string) =>
      cache.getOrLoad('catalog', `showtime:${id}`, () =>
        reads.readCatalog(async (source) => {
          const row = await getShowtimeRow(id, source);
          const auditorium = await source.catalog.findAuditorium(row.auditoriumId);
          return { ...showtimeView(row), movie: row.movie, auditorium: auditorium && auditoriumView(auditorium) };
        }),
      ),

    /** Seats of a showtime with their status; `mine` marks the caller's own held seats. */
    async getSeatMap(showtimeId: string, userId?: string): Promise<SeatMap> {
      const shared = await seatMaps.shared(showtimeId, userId !== undefined);
      const holdsSome = userId !== undefined && [...shared.holders.values()].includes(userId);
      // The cached seats are shared by every caller: mark the caller's own with copies, never in place.
      const seats = holdsSome
        ? shared.seats.map((seat) => (shared.holders.get(seat.label) === userId ? { ...seat, mine: true } : seat))
        : shared.seats;
      return { showtimeId, version: shared.version, seats };
    },

    /** The anonymous seat map as JSON bytes, serialized once per cached version, and where it was read. */
    async getPublicSeatMapJson(showtimeId: string) {
      const shared = await seatMaps.shared(showtimeId, false);
      return { version: shared.version, json: shared.json, readFrom: shared.readFrom };
    },

    seatsOf: seatMaps.seatsOf,
    knownTakenSeats: seatMaps.knownTaken,
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
