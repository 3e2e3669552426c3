// Database access for holds and seat claims. Every function takes the client to use, so it can run
// inside a SeatTx transaction; all return plain objects with seat lists parsed. The statements every hold,
// release and expiry runs are plain SQL on `Sql` (see src/db/sql.ts), the same text on SQLite and Postgres;
// the rest are Prisma model queries.
import { v7 as uuidv7 } from 'uuid';
import type { DbClient } from '../../db/client';
import { marks, toDate, type Sql } from '../../db/sql';
import type { Columns, Count, Row } from '../../db/tables';
import { chunks, seatClaims } from '../seats';

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

type RawHold = Row<'Hold'>;
type NewHold = { showtimeId: string; userId: string; seats: string[]; expiresAt: Date; createdAt: Date; waitlistEntryId?: string };
// Drivers differ in how they return timestamps (text or Date) and booleans (0/1 or true/false).
const toHold = (row: RawHold): HoldRow => ({
  id: row.id,
  showtimeId: row.showtimeId,
  userId: row.userId,
  seats: JSON.parse(row.seats) as string[],
  status: row.status as HoldStatus,
  expiresAt: toDate(row.expiresAt),
  extended: Boolean(row.extended),
  waitlistEntryId: row.waitlistEntryId,
  createdAt: toDate(row.createdAt),
  endedAt: row.endedAt === null ? null : toDate(row.endedAt),
});

// LIMIT takes a number on both databases; this one means "all of them".
const MAX_LIMIT = 2 ** 31 - 1;

const HOLD = `"id", "showtimeId", "userId", "seats", "status", "expiresAt", "extended", "waitlistEntryId", "createdAt", "endedAt"`;

export const holdsRepository = {
  async findById(sql: Sql, id: string) {
    const [row] = await sql.all<RawHold>(`SELECT ${HOLD} FROM "Hold" WHERE "id" = ?`, [id]);
    return row ? toHold(row) : undefined;
  },

  async findByIds(sql: Sql, ids: string[]) {
    const found: HoldRow[] = [];
    for (const chunk of chunks(ids)) {
      found.push(...(await sql.all<RawHold>(`SELECT ${HOLD} FROM "Hold" WHERE "id" IN (${marks(chunk.length)})`, chunk)).map(toHold));
    }
    return found;
  },

  async listActiveOfUser(db: DbClient, userId: string, now: Date) {
    // The deadline is checked here, not in the query, for the index choice explained in lockAndCountHeldSeatsOfUser.
    const rows = await db.hold.findMany({ where: { userId, status: 'active' }, orderBy: { createdAt: 'asc' } });
    return rows.map(toHold).filter((hold) => hold.expiresAt > now);
  },

  /** Which of these seats are sold or held by a hold still within its deadline (committed state). */
  async liveClaimsOn(sql: Sql, showtimeId: string, labels: string[], now: Date) {
    const rows = await sql.all<Columns<'SeatClaim', 'seatLabel'>>(
      `SELECT c."seatLabel" FROM "SeatClaim" c LEFT JOIN "Hold" h ON h."id" = c."holdId"
       WHERE c."showtimeId" = ? AND c."seatLabel" IN (${marks(labels.length)})
         AND (c."bookingId" IS NOT NULL OR (h."status" = 'active' AND h."expiresAt" > ?))`,
      [showtimeId, ...labels, now],
    );
    return rows.map((row) => row.seatLabel);
  },

  /**
   * Seats the user holds right now across every showtime (live holds only; bought seats do not count).
   * On Postgres it first locks the user's row, so two holds of the same user on different showtimes (each
   * under its own showtime lock) take turns here and cannot both pass the cap. SQLite runs one write
   * transaction at a time, so it needs no lock. Both statements go out at once (pipelined on Postgres);
   * the server runs them in order, so the count, a statement of its own, sees every hold committed
   * before the lock was granted.
   */
  async lockAndCountHeldSeatsOfUser(sql: Sql, userId: string, now: Date) {
    const locked = sql.kind === 'postgres' ? sql.all(`SELECT "id" FROM "User" WHERE "id" = ? FOR UPDATE`, [userId]) : undefined;
    const counted = sql.all<Count<'held'>>(
      // COALESCE keeps the deadline out of index choice: without table statistics SQLite otherwise reads
      // the (status, expiresAt) index, every live hold of everyone, instead of this user's (userId, status).
      `SELECT COUNT(*) AS "held" FROM "Hold" h JOIN "SeatClaim" c ON c."holdId" = h."id"
       WHERE h."userId" = ? AND h."status" = 'active' AND COALESCE(h."expiresAt", h."expiresAt") > ?`,
      [userId, now],
    );
    const [, [row]] = await Promise.all([locked, counted]);
    return Number(row?.held ?? 0);
  },

  /** A new active hold, with its id; nothing is written until insertHold. */
  newHold(data: NewHold): HoldRow {
    return {
      id: uuidv7(),
      showtimeId: data.showtimeId,
      userId: data.userId,
      seats: data.seats,
      status: 'active',
      expiresAt: data.expiresAt,
      extended: false,
      waitlistEntryId: data.waitlistEntryId ?? null,
      createdAt: data.createdAt,
      endedAt: null,
    };
  },

  /**
   * Writes the hold and one claim per seat, both statements at once (pipelined on Postgres); the claims'
   * primary key refuses any seat already claimed, and the transaction then rolls back both.
   */
  async insertHold(sql: Sql, data: NewHold | HoldRow): Promise<HoldRow> {
    const hold = 'id' in data ? data : holdsRepository.newHold(data);
    await Promise.all([
      sql.run(
        `INSERT INTO "Hold" ("id", "showtimeId", "userId", "seats", "status", "expiresAt", "extended", "waitlistEntryId", "createdAt")
         VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?)`,
        [hold.id, hold.showtimeId, hold.userId, JSON.stringify(hold.seats), hold.expiresAt, false, hold.waitlistEntryId, hold.createdAt],
      ),
      seatClaims.claimForHold(sql, hold),
    ]);
    return hold;
  },

  /**
   * Expiry as one statement: ends the showtime's overdue active holds (the `take` earliest, when given)
   * and returns them, earliest deadline first. Call under the showtime lock, where nothing else ends
   * them (and extend never moves an overdue deadline), so what it returns is exactly what it ended.
   */
  async expireOverdue(sql: Sql, showtimeId: string, now: Date, take?: number) {
    const rows = await sql.all<RawHold>(
      `UPDATE "Hold" SET "status" = 'expired', "endedAt" = ?
       WHERE "id" IN (SELECT "id" FROM "Hold" WHERE "showtimeId" = ? AND "status" = 'active' AND "expiresAt" <= ?
                      ORDER BY "expiresAt" LIMIT ?)
       RETURNING ${HOLD}`,
      [now, showtimeId, now, take === undefined ? MAX_LIMIT : Math.floor(take)],
    );
    return rows.map(toHold).sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime() || (a.id < b.id ? -1 : 1));
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
   * Compare-and-set: moves the holds from active to `status` only where `deadline` still allows it
   * (unexpired, expired, or either). Returns how many moved; callers compare with what they expected.
   */
  async endHolds(sql: Sql, ids: string[], status: Exclude<HoldStatus, 'active'>, now: Date, deadline: 'before' | 'after' | 'any') {
    const deadlineCondition = deadline === 'before' ? 'AND "expiresAt" > ?' : deadline === 'after' ? 'AND "expiresAt" <= ?' : '';
    let moved = 0;
    for (const chunk of chunks(ids)) {
      // `"status" || ''` keeps both query planners on the primary key: without table statistics, SQLite
      // and Postgres otherwise pick the (status, expiresAt) index for a list of ids and scan every active
      // hold, which made an expiry storm quadratic.
      moved += await sql.run(
        `UPDATE "Hold" SET "status" = ?, "endedAt" = ?
         WHERE "id" IN (${marks(chunk.length)}) AND "status" || '' = 'active' ${deadlineCondition}`,
        [status, now, ...chunk, ...(deadline === 'any' ? [] : [now])],
      );
    }
    return moved;
  },

  /**
   * Compare-and-set for a purchase waiting at checkout: moves the deadline of an active, unexpired hold
   * later to `until`, never earlier and never for a hold already past its deadline. True when it moved.
   */
  async keepForCheckout(sql: Sql, holdId: string, until: Date, now: Date) {
    const changed = await sql.run(
      `UPDATE "Hold" SET "expiresAt" = ? WHERE "id" = ? AND "status" = 'active' AND "expiresAt" > ? AND "expiresAt" < ?`,
      [until, holdId, now, until],
    );
    return changed === 1;
  },

  /** Compare-and-set for extend: only an active, unexpired, never-extended hold with this deadline. */
  async extend(sql: Sql, hold: HoldRow, newExpiresAt: Date, now: Date) {
    const changed = await sql.run(
      `UPDATE "Hold" SET "expiresAt" = ?, "extended" = ?
       WHERE "id" = ? AND "status" = 'active' AND "extended" = ? AND "expiresAt" = ? AND "expiresAt" > ?`,
      [newExpiresAt, true, hold.id, false, hold.expiresAt, now],
    );
    return changed === 1;
  },
};
