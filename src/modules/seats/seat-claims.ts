// The SeatClaim table and nothing else: a seat of a showtime has at most one claim (its primary key), held
// by a hold or sold by a booking. This module is its only writer; holds, bookings and the waitlist change
// claims through these functions, always inside a seat-ledger transaction of that showtime.
import { marks, type Sql } from '../../db/sql';
import type { Columns, Count } from '../../db/tables';

type Claim = Columns<'SeatClaim', 'seatLabel' | 'userId'>;

// Statements bind at most this many ids, well under both drivers' limits on bound values (32,766 in
// SQLite since 3.32, 65,535 in Postgres), so an expiry batch (500 holds) is one statement.
const CHUNK = 1000;
export function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export const seatClaims = {
  /** One claim per seat of a new hold; the primary key refuses any seat already claimed. */
  claimForHold: (sql: Sql, hold: { id: string; showtimeId: string; userId: string; seats: string[]; createdAt: Date }) =>
    sql.run(
      `INSERT INTO "SeatClaim" ("showtimeId", "seatLabel", "userId", "holdId", "createdAt") VALUES ${marks(hold.seats.length, '(?, ?, ?, ?, ?)')}`,
      hold.seats.flatMap((label) => [hold.showtimeId, label, hold.userId, hold.id, hold.createdAt]),
    ),

  /** The claims on any of these seats, plus every claim of the user, for one showtime. */
  ofSeatsOrUser: (sql: Sql, showtimeId: string, labels: string[], userId: string) =>
    sql.all<Claim>(
      `SELECT "seatLabel", "userId" FROM "SeatClaim"
       WHERE "showtimeId" = ? AND ("seatLabel" IN (${marks(labels.length)}) OR "userId" = ?)`,
      [showtimeId, ...labels, userId],
    ),

  /** Every claim of the showtime (held or sold) with its user: the picker's view of what is taken. */
  ofShowtime: (sql: Sql, showtimeId: string) =>
    sql.all<Claim>(`SELECT "seatLabel", "userId" FROM "SeatClaim" WHERE "showtimeId" = ?`, [showtimeId]),

  /** Seats the user holds or has bought for the showtime. */
  async countOfUser(sql: Sql, showtimeId: string, userId: string) {
    const [row] = await sql.all<Count>(`SELECT COUNT(*) AS "n" FROM "SeatClaim" WHERE "showtimeId" = ? AND "userId" = ?`, [
      showtimeId,
      userId,
    ]);
    return Number(row?.n ?? 0);
  },

  /** Every claimed seat of the showtime (held or sold). */
  async labels(sql: Sql, showtimeId: string) {
    const rows = await sql.all<Columns<'SeatClaim', 'seatLabel'>>(`SELECT "seatLabel" FROM "SeatClaim" WHERE "showtimeId" = ?`, [
      showtimeId,
    ]);
    return new Set(rows.map((row) => row.seatLabel));
  },

  async releaseOfHolds(sql: Sql, holdIds: string[]) {
    for (const chunk of chunks(holdIds)) await sql.run(`DELETE FROM "SeatClaim" WHERE "holdId" IN (${marks(chunk.length)})`, chunk);
  },

  /** A purchase: the hold's claims become the booking's. */
  moveToBooking: (sql: Sql, holdId: string, bookingId: string) =>
    sql.run(`UPDATE "SeatClaim" SET "holdId" = NULL, "bookingId" = ? WHERE "holdId" = ?`, [bookingId, holdId]),

  releaseOfBooking: (sql: Sql, bookingId: string) => sql.run(`DELETE FROM "SeatClaim" WHERE "bookingId" = ?`, [bookingId]),
};
