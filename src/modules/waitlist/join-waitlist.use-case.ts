// Join a showtime's waitlist. A party the whole room could not seat even when empty (too many people, or
// too many side by side for its longest row block) is refused at once. Overdue holds are expired first
// (their seats may be free). Then, in the
// showtime's transaction, so a join is ordered with every seat change: refuse when the free seats can
// serve the request now (SEATS_AVAILABLE) or the party would pass the per-user cap, take the next join
// number, insert the entry (the activeKey unique index refuses a second active entry, however many
// requests race: ALREADY_WAITLISTED) and log the join.
import { AppError } from '../../lib/errors';
import { isUniqueViolation } from '../../db/errors';
import type { WaitlistDeps } from './waitlist.deps';
import { appendToLog, positionOf } from './waitlist-log';
import { waitlistRepository } from './waitlist.repository';
import { canSatisfy } from './waitlist-rules';
import { toEntryView } from './waitlist.schemas';
import { seatClaims } from '../seats';

const showtimeCancelled = () => new AppError('SHOWTIME_CANCELLED', 'This showtime was cancelled by the theater: its waitlist is closed');

export async function joinWaitlist(
  deps: WaitlistDeps,
  userId: string,
  showtimeId: string,
  request: { partySize: number; adjacent: boolean },
) {
  const showtime = await deps.catalog.getShowtime(showtimeId);
  if (showtime.status === 'cancelled') throw showtimeCancelled();
  if (new Date(showtime.startsAt) <= deps.clock.now()) throw new AppError('SHOWTIME_STARTED', 'This showtime has already started');
  const room = await deps.catalog.seatsOf(showtime.auditoriumId);
  if (!canSatisfy(request, room)) {
    const why = request.adjacent && request.partySize <= room.length ? 'side by side in one row' : 'in this auditorium';
    throw new AppError('VALIDATION_FAILED', `A party of ${request.partySize} can never be seated ${why}`, {
      field: 'body.partySize',
      seatsInRoom: room.length,
    });
  }
  await deps.holds.expireOverdueIn(showtimeId);
  try {
    return await deps.ledger.change(showtimeId, async (s) => {
      const { seats: layout, cancelled } = await deps.layoutOf(s);
      // Under the showtime lock, the last word: a cancel that committed a moment ago is seen here.
      if (cancelled) throw showtimeCancelled();
      const claimed = await seatClaims.labels(s.sql, showtimeId);
      if (
        canSatisfy(
          request,
          layout.filter((seat) => !claimed.has(seat.label)),
        )
      ) {
        throw new AppError('SEATS_AVAILABLE', 'Enough seats are free right now: hold them instead of waiting', request);
      }
      const alreadyMine = await seatClaims.countOfUser(s.sql, showtimeId, userId);
      if (alreadyMine + request.partySize > deps.maxSeatsPerUser) {
        throw new AppError('HOLD_LIMIT_EXCEEDED', `At most ${deps.maxSeatsPerUser} seats per person for a showtime`, {
          max: deps.maxSeatsPerUser,
          current: alreadyMine,
          requested: request.partySize,
        });
      }
      const sequence = await waitlistRepository.nextSequence(s.sql, showtimeId);
      const entry = await waitlistRepository.insert(s.sql, { showtimeId, userId, ...request, joinedAt: s.now, sequence });
      await appendToLog(s, deps.aliasSecret, {
        type: 'join',
        userId,
        data: { entry: entry.id, partySize: entry.partySize, adjacent: entry.adjacent, joinedAt: entry.joinedAt.toISOString(), sequence },
      });
      return toEntryView(entry, { position: await positionOf(s.sql, entry) });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('ALREADY_WAITLISTED', 'You are already on the waitlist for this showtime');
    throw error;
  }
}
