// Database access for holds and seat claims. Every function takes the client to use, so it can run
// inside a SeatTx transaction; all return plain objects with seat lists parsed.
import { randomUUID } from 'node:crypto';
import { Prisma, type DbClient } from '../../db/client';

export type HoldStatus = 'active' | 'purchased' | 'released' | 'expired';
export type HoldRow = {
  id: string;
  showtimeId: string;
  userId: string;
  seats: string[];
  status: HoldStatus;
  expiresAt: Date;
  extended: boolean;
  waitlistEntryId: string | null;
  createdAt: Date;
  endedAt: Date | null;
};

type RawHold = Omit<HoldRow, 'seats' | 'status'> & { seats: string; status: string };
const toHold = (row: RawHold): HoldRow => ({ ...row, seats: JSON.parse(row.seats) as string[], status: row.status as HoldStatus });

// Prisma refuses a write whose `in` list passes the database's bound-parameter limit (999 on SQLite), so
// an expiry storm of a thousand holds in one showtime is written in slices.
const CHUNK = 500;
function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export const holdsRepository = {
  async findById(db: DbClient, id: string) {
    const row = await db.hold.findUnique({ where: { id } });
    return row ? toHold(row) : undefined;
  },

  async findByIds(db: DbClient, ids: string[]) {
    const found: HoldRow[] = [];
    for (const chunk of chunks(ids)) found.push(...(await db.hold.findMany({ where: { id: { in: chunk } } })).map(toHold));
    return found;
  },

  async listActiveOfUser(db: DbClient, userId: string, now: Date) {
    const rows = await db.hold.findMany({
      where: { userId, status: 'active', expiresAt: { gt: now } },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map(toHold);
  },

  /**
   * Which of these seats are sold or held by a hold still within its deadline (committed state). Plain
   * SQL, one statement: every refused hold asks this. Times compare correctly on both databases because
   * Prisma writes and binds them in one format (ISO-8601 UTC text on SQLite, timestamp on Postgres).
   */
  async liveClaimsOn(db: DbClient, showtimeId: string, labels: string[], now: Date) {
    const rows = await db.$queryRaw<Array<{ seatLabel: string }>>`
      SELECT c."seatLabel" FROM "SeatClaim" c LEFT JOIN "Hold" h ON h."id" = c."holdId"
      WHERE c."showtimeId" = ${showtimeId} AND c."seatLabel" IN (${Prisma.join(labels)})
        AND (c."bookingId" IS NOT NULL OR (h."status" = 'active' AND h."expiresAt" > ${now}))`;
    return rows.map((row) => row.seatLabel);
  },

  /** The claims on any of these seats, plus every claim of the user, for one showtime. */
  claimsOfSeatsOrUser: (db: DbClient, showtimeId: string, labels: string[], userId: string) =>
    db.seatClaim.findMany({
      where: { showtimeId, OR: [{ seatLabel: { in: labels } }, { userId }] },
      select: { seatLabel: true, userId: true },
    }),

  /** Seats the user holds or has bought for the showtime. */
  countSeatsOfUser: (db: DbClient, showtimeId: string, userId: string) =>
    db.seatClaim.count({ where: { showtimeId, userId } }),

  /**
   * Creates the hold and one claim per seat; the claims' primary key refuses any seat already claimed.
   * Plain SQL (the same on SQLite and Postgres): this runs for every hold and raw statements cost Prisma
   * a fraction of a model query.
   */
  async insertHold(
    db: DbClient,
    data: { showtimeId: string; userId: string; seats: string[]; expiresAt: Date; createdAt: Date; waitlistEntryId?: string },
  ): Promise<HoldRow> {
    const hold: HoldRow = {
      id: randomUUID(), showtimeId: data.showtimeId, userId: data.userId, seats: data.seats, status: 'active',
      expiresAt: data.expiresAt, extended: false, waitlistEntryId: data.waitlistEntryId ?? null, createdAt: data.createdAt, endedAt: null,
    };
    await db.$executeRaw`
      INSERT INTO "Hold" ("id", "showtimeId", "userId", "seats", "status", "expiresAt", "extended", "waitlistEntryId", "createdAt")
      VALUES (${hold.id}, ${hold.showtimeId}, ${hold.userId}, ${JSON.stringify(hold.seats)}, 'active', ${hold.expiresAt},
              ${false}, ${hold.waitlistEntryId}, ${hold.createdAt})`;
    const claims = hold.seats.map((label) => Prisma.sql`(${hold.showtimeId}, ${label}, ${hold.userId}, ${hold.id}, ${hold.createdAt})`);
    await db.$executeRaw`
      INSERT INTO "SeatClaim" ("showtimeId", "seatLabel", "userId", "holdId", "createdAt") VALUES ${Prisma.join(claims)}`;
    return hold;
  },

  /** Active holds of a showtime whose deadline has passed (the `take` earliest, when given). */
  async findOverdue(db: DbClient, showtimeId: string, now: Date, take?: number) {
    const rows = await db.hold.findMany({
      where: { showtimeId, status: 'active', expiresAt: { lte: now } },
      ...(take === undefined ? {} : { orderBy: { expiresAt: 'asc' as const }, take }),
    });
    return rows.map(toHold);
  },

  /** Showtimes that have overdue active holds (for the sweep), oldest deadline first. */
  async showtimesWithOverdue(db: DbClient, now: Date, limit: number) {
    const rows = await db.hold.findMany({
      where: { status: 'active', expiresAt: { lte: now } },
      orderBy: { expiresAt: 'asc' },
      select: { showtimeId: true },
      take: limit,
    });
    return [...new Set(rows.map((row) => row.showtimeId))];
  },

  async listActive(db: DbClient, take: number, after?: string) {
    const rows = await db.hold.findMany({
      where: { status: 'active' },
      orderBy: { id: 'asc' },
      take,
      ...(after ? { skip: 1, cursor: { id: after } } : {}),
      select: { id: true, userId: true, showtimeId: true, expiresAt: true },
    });
    return rows;
  },

  /**
   * Compare-and-set: moves the holds from active to `status` only where `where` still holds.
   * Returns how many moved; callers compare with what they expected.
   */
  async endHolds(db: DbClient, ids: string[], status: Exclude<HoldStatus, 'active'>, now: Date, deadline: 'before' | 'after' | 'any') {
    const deadlineCondition =
      deadline === 'before' ? Prisma.sql`AND "expiresAt" > ${now}` : deadline === 'after' ? Prisma.sql`AND "expiresAt" <= ${now}` : Prisma.empty;
    let moved = 0;
    for (const chunk of chunks(ids)) {
      // `"status" || ''` keeps both query planners on the primary key: without table statistics, SQLite
      // and Postgres otherwise pick the (status, expiresAt) index for a list of ids and scan every active
      // hold, which made an expiry storm quadratic.
      moved += await db.$executeRaw`
        UPDATE "Hold" SET "status" = ${status}, "endedAt" = ${now}
        WHERE "id" IN (${Prisma.join(chunk)}) AND "status" || '' = 'active' ${deadlineCondition}`;
    }
    return moved;
  },

  /** Compare-and-set for extend: only an active, unexpired, never-extended hold with this deadline. */
  async extend(db: DbClient, hold: HoldRow, newExpiresAt: Date, now: Date) {
    const result = await db.hold.updateMany({
      where: { id: hold.id, status: 'active', extended: false, expiresAt: { equals: hold.expiresAt, gt: now } },
      data: { expiresAt: newExpiresAt, extended: true },
    });
    return result.count === 1;
  },

  async releaseClaimsOfHolds(db: DbClient, holdIds: string[]) {
    for (const chunk of chunks(holdIds)) await db.seatClaim.deleteMany({ where: { holdId: { in: chunk } } });
  },

  moveClaimsToBooking: (db: DbClient, holdId: string, bookingId: string) =>
    db.seatClaim.updateMany({ where: { holdId }, data: { holdId: null, bookingId } }),
};
