// The classroom view's two counts, read once a second while someone watches: live holds and the waiting
// rooms' line. Read-only COUNT queries on indexed status columns; the holds and queue modules stay the
// only writers of their tables.
import type { Sql } from '../../db/sql';

type Count = { n: number | string };

export function createClassroomRepository(sql: Sql) {
  return {
    async countActiveHolds(now: Date) {
      const [row] = await sql.all<Count>(`SELECT COUNT(*) AS "n" FROM "Hold" WHERE "status" = 'active' AND "expiresAt" > ?`, [now]);
      return Number(row?.n ?? 0);
    },

    /** Over every enabled waiting room: tickets still in line, and admissions still running. */
    async waitingRoomTotals(now: Date) {
      const [row] = await sql.all<{ waiting: number | string | null; admitted: number | string | null }>(
        `SELECT
           SUM(CASE WHEN t."status" = 'waiting' THEN 1 ELSE 0 END) AS "waiting",
           SUM(CASE WHEN t."status" = 'admitted' AND t."admittedUntil" > ? THEN 1 ELSE 0 END) AS "admitted"
         FROM "QueueTicket" t JOIN "WaitingRoom" r ON r."showtimeId" = t."showtimeId"
         WHERE r."enabled" = ? AND t."status" IN ('waiting', 'admitted')`,
        [now, true],
      );
      return { waiting: Number(row?.waiting ?? 0), admitted: Number(row?.admitted ?? 0) };
    },
  };
}

export type ClassroomRepository = ReturnType<typeof createClassroomRepository>;
