// The holds of one showtime as a whole, for the theater's changes to it (cancel, move). Plain SQL on the
// runner it is given: inside the showtime's seat transaction when it changes anything.
import type { Sql } from '../../db/sql';

export const showtimeHolds = {
  async activeIds(sql: Sql, showtimeId: string) {
    const rows = await sql.all<{ id: string }>(`SELECT "id" FROM "Hold" WHERE "showtimeId" = ? AND "status" = 'active' ORDER BY "id"`, [
      showtimeId,
    ]);
    return rows.map((row) => row.id);
  },

  /** Users with a hold of the showtime still within its deadline. */
  async activeHolders(sql: Sql, showtimeId: string, now: Date) {
    const rows = await sql.all<{ userId: string }>(
      `SELECT DISTINCT "userId" FROM "Hold" WHERE "showtimeId" = ? AND "status" = 'active' AND "expiresAt" > ?`,
      [showtimeId, now],
    );
    return rows.map((row) => row.userId);
  },
};
