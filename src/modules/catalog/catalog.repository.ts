import type { DbClient, Db } from '../../db/client';
import { toDate, type Sql } from '../../db/sql';
import type { SeatView, ShowtimeQuery } from './catalog.schemas';

const showtimeInclude = {
  movie: { select: { id: true, title: true, durationMinutes: true, rating: true, description: true } },
  auditorium: { select: { name: true } },
} as const;

export function createCatalogRepository(db: Db) {
  return {
    createMovie: (data: { title: string; durationMinutes: number; rating: string; description: string }) => db.movie.create({ data }),
    listMovies: (page: { limit: number; offset: number }) =>
      db.movie.findMany({ orderBy: [{ title: 'asc' }, { id: 'asc' }], take: page.limit, skip: page.offset }),
    findMovie: (id: string) => db.movie.findUnique({ where: { id } }),

    createAuditorium: (data: { name: string; layout: string }, seats: SeatView[]) =>
      db.$transaction(async (tx) => {
        const auditorium = await tx.auditorium.create({ data: { ...data, seatCount: seats.length } });
        await tx.seat.createMany({ data: seats.map((seat) => ({ ...seat, auditoriumId: auditorium.id })) });
        return auditorium;
      }),
    listAuditoriums: () => db.auditorium.findMany({ orderBy: { name: 'asc' } }),
    findAuditorium: (id: string) => db.auditorium.findUnique({ where: { id } }),
    findAuditoriumByName: (name: string) => db.auditorium.findUnique({ where: { name } }),
    listSeats: (auditoriumId: string) =>
      db.seat.findMany({
        where: { auditoriumId },
        orderBy: [{ rowIndex: 'asc' }, { number: 'asc' }],
        select: { label: true, row: true, number: true, rowIndex: true, column: true, section: true, priceCents: true, accessible: true },
      }),

    /**
     * Creates the showtime unless it overlaps another in the same auditorium. The no-op update takes a
     * row lock on the auditorium first, so two admins racing to book the same room are serialised and
     * the second one sees the first one's showtime.
     */
    createShowtimeUnlessOverlapping: (data: { movieId: string; auditoriumId: string; startsAt: Date; endsAt: Date }) =>
      db.$transaction(async (tx) => {
        await tx.auditorium.update({ where: { id: data.auditoriumId }, data: { seatCount: { increment: 0 } } });
        const clash = await tx.showtime.findFirst({
          // A cancelled showtime no longer takes the room.
          where: { auditoriumId: data.auditoriumId, status: 'scheduled', startsAt: { lt: data.endsAt }, endsAt: { gt: data.startsAt } },
          include: showtimeInclude,
        });
        if (clash) return { created: undefined, clash };
        return { created: await tx.showtime.create({ data, include: showtimeInclude }), clash: undefined };
      }),
    listShowtimes: (query: ShowtimeQuery) =>
      db.showtime.findMany({
        where: {
          movieId: query.movieId,
          status: query.status === 'all' ? undefined : query.status,
          startsAt: { gte: query.from ? new Date(query.from) : undefined, lt: query.to ? new Date(query.to) : undefined },
        },
        orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
        take: query.limit,
        skip: query.offset,
        include: showtimeInclude,
      }),
    findShowtime: (id: string) => db.showtime.findUnique({ where: { id }, include: showtimeInclude }),
  };
}

/** The seat-state side of a showtime: its version and the seats that are held or sold. */
export function createSeatStateRepository(db: DbClient, sql: Sql) {
  return {
    /** The showtime's seat version alone (one primary-key read), or undefined when there is no such showtime. */
    async currentVersion(showtimeId: string) {
      const [row] = await sql.all<{ seatVersion: number | bigint }>('SELECT "seatVersion" FROM "Showtime" WHERE "id" = ?', [showtimeId]);
      return row === undefined ? undefined : Number(row.seatVersion);
    },

    /**
     * The showtime's claims, with each hold's deadline (a held seat whose deadline has passed is free for the
     * taking even before the expiry engine runs). Version first, claims second: the claims are then at
     * least as new as the version, and since a seats:changed event carries absolute statuses, replaying one
     * on top of a newer state is harmless. Plain SQL: it runs on every cache miss of a hot seat map.
     */
    async load(showtimeId: string) {
      const [showtime] = await sql.all<{ seatVersion: number | bigint }>('SELECT "seatVersion" FROM "Showtime" WHERE "id" = ?', [
        showtimeId,
      ]);
      if (!showtime) return undefined;
      const rows = await sql.all<{
        seatLabel: string;
        userId: string;
        holdId: string | null;
        bookingId: string | null;
        expiresAt: unknown;
      }>(
        `SELECT c."seatLabel", c."userId", c."holdId", c."bookingId", h."expiresAt" FROM "SeatClaim" c
         LEFT JOIN "Hold" h ON h."id" = c."holdId" WHERE c."showtimeId" = ?`,
        [showtimeId],
      );
      const claims = rows.map((row) => ({
        seatLabel: row.seatLabel,
        userId: row.userId,
        holdId: row.holdId,
        bookingId: row.bookingId,
        heldUntil: row.expiresAt == null ? null : toDate(row.expiresAt).getTime(),
      }));
      return { version: Number(showtime.seatVersion), claims };
    },
  };
}

export type CatalogRepository = ReturnType<typeof createCatalogRepository>;
export type SeatStateRepository = ReturnType<typeof createSeatStateRepository>;
