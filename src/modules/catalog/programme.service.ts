// Changing the programme once it exists: edit and delete movies, auditoriums and showtimes, and the
// catalog's part of cancelling or moving a showtime (the admin module runs those inside the showtime's
// seat transaction, with the holds, bookings and waitlist parts). Every write announces a catalog change
// after it commits, so cached catalog reads are dropped, the same way creating something does.
import { AppError, notFound } from '../../lib/errors';
import { isUniqueViolation } from '../../db/errors';
import type { Sql } from '../../db/sql';
import type { CatalogRepository } from './catalog.repository';
import type { AuditoriumInput, AuditoriumPatch, MoviePatch } from './catalog.schemas';
import { showtimeWrites, type ProgrammeRepository } from './programme.repository';

type Deps = {
  catalog: CatalogRepository;
  programme: ProgrammeRepository;
  announce: (showtimeId?: string) => Promise<void>;
  turnaroundMinutes: number;
};

const inUse = (what: string, showtimes: number) =>
  new AppError('IN_USE', `This ${what} has ${showtimes} showtime(s); delete or move them first`, { showtimes });

export function createProgramme({ catalog, programme, announce, turnaroundMinutes }: Deps) {
  return {
    async updateMovie(id: string, patch: MoviePatch) {
      const movie = await catalog.findMovie(id);
      if (!movie) throw notFound('Movie');
      // A showtime's end (and the room's next free slot) was worked out from the film's length.
      if (patch.durationMinutes !== undefined && patch.durationMinutes !== movie.durationMinutes) {
        const showtimes = await programme.countShowtimesOfMovie(id);
        if (showtimes > 0)
          throw new AppError('IN_USE', 'The length of a scheduled film cannot change; its showtimes were planned with it', { showtimes });
      }
      const updated = await programme.updateMovie(id, patch);
      await announce();
      return updated;
    },

    async deleteMovie(id: string) {
      const { deleted, showtimes } = await programme.deleteMovieUnlessUsed(id);
      if (showtimes > 0) throw inUse('movie', showtimes);
      if (!deleted) throw notFound('Movie');
      await announce();
    },

    /** The name, the orphan rule and the best spot; seats and prices never change once sold against. */
    async updateAuditorium(id: string, patch: AuditoriumPatch) {
      const room = await catalog.findAuditorium(id);
      if (!room) throw notFound('Auditorium');
      const layout = { ...(JSON.parse(room.layout) as AuditoriumInput), ...patch };
      try {
        const updated = await programme.updateAuditorium(id, { name: layout.name, layout: JSON.stringify(layout) });
        await announce();
        return updated;
      } catch (error) {
        if (isUniqueViolation(error))
          throw new AppError('VALIDATION_FAILED', 'An auditorium with this name exists', { field: 'body.name' });
        throw error;
      }
    },

    async deleteAuditorium(id: string) {
      const { deleted, showtimes } = await programme.deleteAuditoriumUnlessUsed(id);
      if (showtimes > 0) throw inUse('auditorium', showtimes);
      if (!deleted) throw notFound('Auditorium');
      await announce();
    },

    /** Only a showtime nobody has held, bought or queued for; one with sales can be cancelled instead. */
    async deleteShowtime(id: string) {
      const { deleted, use } = await programme.deleteShowtimeUnlessUsed(id);
      if (use.bookings > 0)
        throw new AppError('SHOWTIME_HAS_SALES', 'This showtime has bookings: cancel it instead (its buyers are told)', use);
      if (Object.values(use).some((count) => count > 0))
        throw new AppError('IN_USE', 'People have held seats of, or queued for, this showtime: cancel it instead', use);
      if (!deleted) throw notFound('Showtime');
      await announce(id);
    },

    /** Inside the showtime's seat transaction: true when this call cancelled it, false when it already was. */
    async cancelIn(sql: Sql, id: string, at: Date, reason: string) {
      if (!(await showtimeWrites.findForUpdate(sql, id))) throw notFound('Showtime');
      return showtimeWrites.markCancelled(sql, id, at, reason);
    },

    /** Inside the showtime's seat transaction: moves a scheduled, future showtime to a free slot of its room. */
    async moveIn(sql: Sql, id: string, startsAt: Date, now: Date) {
      const showtime = await showtimeWrites.findForUpdate(sql, id);
      if (!showtime) throw notFound('Showtime');
      if (showtime.status === 'cancelled') throw new AppError('SHOWTIME_CANCELLED', 'This showtime was cancelled');
      if (showtime.startsAt <= now) throw new AppError('SHOWTIME_STARTED', 'This showtime has already started');
      if (startsAt <= now) throw new AppError('VALIDATION_FAILED', 'A showtime must start in the future', { field: 'body.startsAt' });
      const endsAt = new Date(startsAt.getTime() + (showtime.durationMinutes + turnaroundMinutes) * 60_000);
      const clash = await showtimeWrites.lockRoomAndFindClash(sql, showtime, startsAt, endsAt);
      if (clash) {
        throw new AppError('SHOWTIME_OVERLAP', 'The auditorium is busy then with another showtime', {
          showtimeId: clash.id,
          startsAt: clash.startsAt.toISOString(),
          endsAt: clash.endsAt.toISOString(),
        });
      }
      if (startsAt.getTime() !== showtime.startsAt.getTime()) await showtimeWrites.move(sql, id, startsAt, endsAt);
      return { previousStartsAt: showtime.startsAt, startsAt, endsAt, moved: startsAt.getTime() !== showtime.startsAt.getTime() };
    },

    /** Call after a cancel or a move committed. */
    announceChange: (showtimeId: string) => announce(showtimeId),
  };
}
