// The confirmed bookings of one showtime as a whole, for the theater's changes to it (cancel, move).
// Plain SQL on the runner it is given: inside the showtime's seat transaction when it changes anything.
import type { Sql } from '../../db/sql';

export const showtimeBookings = {
  async confirmed(sql: Sql, showtimeId: string) {
    const rows = await sql.all<{ id: string; userId: string; holdId: string; seats: string }>(
      `SELECT "id", "userId", "holdId", "seats" FROM "Booking" WHERE "showtimeId" = ? AND "status" = 'confirmed' ORDER BY "id"`,
      [showtimeId],
    );
    return rows.map((row) => ({ ...row, seats: JSON.parse(row.seats) as string[] }));
  },

  /** Compare-and-set confirmed -> cancelled, with the theater's reason; false when it was not confirmed any more. */
  async cancelWithReason(sql: Sql, id: string, now: Date, reason: string) {
    const changed = await sql.run(
      `UPDATE "Booking" SET "status" = 'cancelled', "cancelledAt" = ?, "cancelReason" = ? WHERE "id" = ? AND "status" = 'confirmed'`,
      [now, reason, id],
    );
    return changed === 1;
  },
};
