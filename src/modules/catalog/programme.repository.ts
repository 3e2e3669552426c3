// Writes that change the programme after it was made: edit and delete movies, auditoriums and showtimes,
// and the two showtime changes that run inside the showtime's seat transaction (cancel, move), in plain
// SQL on that transaction's runner. The catalog module owns these tables; nothing else writes them.
import type { Db } from '../../db/client';
import { toDate, type Sql } from '../../db/sql';

/** What "in use" means for a delete: rows elsewhere that name this showtime. Read, never written, here. */
export type ShowtimeUse = { bookings: number; holds: number; waitlistEntries: number; queueTickets: number };

export function createProgrammeRepository(db: Db) {
  return {
    updateMovie: (id: string, data: { title?: string; durationMinutes?: number; rating?: string; description?: string }) =>
      db.movie.update({ where: { id }, data }),
    countShowtimesOfMovie: (movieId: string) => db.showtime.count({ where: { movieId } }),
    /** Deletes the movie unless a showtime uses it (counted in the transaction; the foreign key backs it). */
    deleteMovieUnlessUsed: (id: string) =>
      db.$transaction(async (tx) => {
        const showtimes = await tx.showtime.count({ where: { movieId: id } });
        if (showtimes > 0) return { deleted: false, showtimes };
        return { deleted: (await tx.movie.deleteMany({ where: { id } })).count === 1, showtimes: 0 };
      }),

    updateAuditorium: (id: string, data: { name?: string; layout?: string }) => db.auditorium.update({ where: { id }, data }),
    /**
     * Deletes the room and its seats unless a showtime uses it. The no-op update locks the auditorium row
     * first, the same lock a new showtime in it takes, so a showtime scheduled meanwhile is seen.
     */
    deleteAuditoriumUnlessUsed: (id: string) =>
      db.$transaction(async (tx) => {
        if ((await tx.auditorium.updateMany({ where: { id }, data: { seatCount: { increment: 0 } } })).count === 0)
          return { deleted: false, showtimes: 0 };
        const showtimes = await tx.showtime.count({ where: { auditoriumId: id } });
        if (showtimes > 0) return { deleted: false, showtimes };
        await tx.seat.deleteMany({ where: { auditoriumId: id } });
        return { deleted: (await tx.auditorium.deleteMany({ where: { id } })).count === 1, showtimes: 0 };
      }),

    /**
     * Deletes a showtime nobody has touched. The no-op update takes the showtime's row lock (the lock
     * every seat change takes first), so no hold, purchase or join can slip in between the count and the
     * delete; one that comes after finds no showtime (404).
     */
    deleteShowtimeUnlessUsed: (id: string) =>
      db.$transaction(async (tx) => {
        const found = (await tx.showtime.updateMany({ where: { id }, data: { seatVersion: { increment: 0 } } })).count === 1;
        const use: ShowtimeUse = {
          bookings: await tx.booking.count({ where: { showtimeId: id } }),
          holds: await tx.hold.count({ where: { showtimeId: id } }),
          waitlistEntries: await tx.waitlistEntry.count({ where: { showtimeId: id } }),
          queueTickets: await tx.queueTicket.count({ where: { showtimeId: id } }),
        };
        if (!found || Object.values(use).some((count) => count > 0)) return { deleted: false, use };
        await tx.waitingRoom.deleteMany({ where: { showtimeId: id } });
        await tx.showtime.delete({ where: { id } });
        return { deleted: true, use };
      }),
  };
}

/** Inside a showtime's seat transaction (SeatTx.sql): the showtime row is already locked by it. */
export const showtimeWrites = {
  async findForUpdate(sql: Sql, id: string) {
    const [row] = await sql.all<{
      id: string;
      auditoriumId: string;
      startsAt: unknown;
      endsAt: unknown;
      status: string;
      durationMinutes: number | bigint;
    }>(
      `SELECT s."id", s."auditoriumId", s."startsAt", s."endsAt", s."status", m."durationMinutes"
       FROM "Showtime" s JOIN "Movie" m ON m."id" = s."movieId" WHERE s."id" = ?`,
      [id],
    );
    return (
      row && {
        id: row.id,
        auditoriumId: row.auditoriumId,
        status: row.status,
        durationMinutes: Number(row.durationMinutes),
        startsAt: toDate(row.startsAt),
        endsAt: toDate(row.endsAt),
      }
    );
  },

  /** Compare-and-set scheduled -> cancelled; false when it already was cancelled. */
  async markCancelled(sql: Sql, id: string, at: Date, reason: string) {
    const changed = await sql.run(
      `UPDATE "Showtime" SET "status" = 'cancelled', "cancelledAt" = ?, "cancelReason" = ? WHERE "id" = ? AND "status" = 'scheduled'`,
      [at, reason, id],
    );
    return changed === 1;
  },

  /**
   * Another showtime in the same room overlapping [startsAt, endsAt), if any. The no-op update locks the
   * auditorium row first, as scheduling a new showtime does, so two moves or a move and a new showtime
   * into the same slot take turns.
   */
  async lockRoomAndFindClash(sql: Sql, showtime: { id: string; auditoriumId: string }, startsAt: Date, endsAt: Date) {
    await sql.run(`UPDATE "Auditorium" SET "seatCount" = "seatCount" WHERE "id" = ?`, [showtime.auditoriumId]);
    const [clash] = await sql.all<{ id: string; startsAt: unknown; endsAt: unknown }>(
      `SELECT "id", "startsAt", "endsAt" FROM "Showtime"
       WHERE "auditoriumId" = ? AND "id" <> ? AND "status" = 'scheduled' AND "startsAt" < ? AND "endsAt" > ? LIMIT 1`,
      [showtime.auditoriumId, showtime.id, endsAt, startsAt],
    );
    return clash && { id: clash.id, startsAt: toDate(clash.startsAt), endsAt: toDate(clash.endsAt) };
  },

  move: (sql: Sql, id: string, startsAt: Date, endsAt: Date) =>
    sql.run(`UPDATE "Showtime" SET "startsAt" = ?, "endsAt" = ? WHERE "id" = ?`, [startsAt, endsAt, id]),
};

export type ProgrammeRepository = ReturnType<typeof createProgrammeRepository>;
