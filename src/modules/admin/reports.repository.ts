// Read-only queries for the sales reports (GET /api/admin/reports). The admin module owns no table of
// its own: it reads the catalog's showtimes, the seat claims, the active holds and the bookings, and
// never writes any of them. Straight from the tables, never from a cache.
import type { DbClient } from '../../db/client';

export type ReportRange = { from?: Date; to?: Date };

/** Runs `query` over the ids in slices: a year of showtimes would pass SQLite's bound-parameter limit in one IN list. */
async function inSlices<T>(ids: string[], query: (slice: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 500) out.push(...(await query(ids.slice(i, i + 500))));
  return out;
}

export function createReportsRepository(db: DbClient) {
  return {
    /** Showtimes starting in [from, to), oldest first, with the film, the room and its size. */
    listShowtimes: (range: ReportRange) =>
      db.showtime.findMany({
        where: { startsAt: { gte: range.from, lt: range.to } },
        orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
        select: {
          id: true,
          startsAt: true,
          status: true,
          movie: { select: { id: true, title: true } },
          auditorium: { select: { name: true, seatCount: true } },
        },
      }),

    /** Sold seats per showtime: claims that belong to a booking. */
    async soldSeats(showtimeIds: string[]) {
      const groups = await inSlices(showtimeIds, (slice) =>
        db.seatClaim.groupBy({
          by: ['showtimeId'],
          where: { showtimeId: { in: slice }, bookingId: { not: null } },
          _count: { _all: true },
        }),
      );
      return new Map(groups.map((group) => [group.showtimeId, group._count._all]));
    },

    /** Held seats per showtime: the seats of active holds still within their deadline (an overdue hold's seats are free). */
    async heldSeats(showtimeIds: string[], now: Date) {
      const holds = await inSlices(showtimeIds, (slice) =>
        db.hold.findMany({
          where: { showtimeId: { in: slice }, status: 'active', expiresAt: { gt: now } },
          select: { showtimeId: true, seats: true },
        }),
      );
      const held = new Map<string, number>();
      for (const hold of holds) held.set(hold.showtimeId, (held.get(hold.showtimeId) ?? 0) + (JSON.parse(hold.seats) as string[]).length);
      return held;
    },

    /** Revenue per showtime: the totals of its confirmed bookings (a cancelled booking earns nothing). */
    async revenue(showtimeIds: string[]) {
      const groups = await inSlices(showtimeIds, (slice) =>
        db.booking.groupBy({
          by: ['showtimeId'],
          where: { showtimeId: { in: slice }, status: 'confirmed' },
          _sum: { totalCents: true },
        }),
      );
      return new Map(groups.map((group) => [group.showtimeId, group._sum.totalCents ?? 0]));
    },
  };
}

export type ReportsRepository = ReturnType<typeof createReportsRepository>;
