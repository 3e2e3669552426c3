// The theater changes a showtime that may already have buyers: cancel it, or move its start.
//
// Cancel, in ONE transaction of the showtime's seat ledger (so a crash leaves all of it or none of it):
//   1. mark the showtime cancelled (compare-and-set; from now on holds, purchases and joins refuse it);
//   2. close its waitlist (entries waiting or offered become cancelled), so freed seats go to nobody;
//   3. release its holds (offer holds included) and 4. cancel its confirmed bookings with the reason;
//   5. audit it, and queue one personal `showtime:cancelled` event per affected user.
// After the commit the events go out and cached catalog reads are dropped. Repeating the cancel finds
// nothing left to end and changes nothing (a hold that slipped in during a cancel is ended by the next).
// Move: in the seat ledger's transaction too (ordered with every hold and purchase), the new slot is
// checked against the room's other showtimes, and everyone holding, owning or waiting for seats is told.
import { auditRepository } from '../audit';
import { bookersOfShowtime, cancelBookingsOfShowtime } from '../bookings';
import type { CatalogService } from '../catalog';
import { holdersOfShowtime, releaseHoldsOfShowtime } from '../holds';
import type { SeatLedger } from '../seats';
import type { WaitlistService } from '../waitlist';

export type ShowtimeChangeDeps = { ledger: SeatLedger; catalog: CatalogService; waitlist: WaitlistService };

type Affected = { bookingIds: string[]; holdIds: string[]; waitlistEntryIds: string[] };

export async function cancelShowtime(deps: ShowtimeChangeDeps, actorId: string, showtimeId: string, reason: string) {
  const { ledger, catalog, waitlist } = deps;
  const outcome = await ledger.change(showtimeId, async (s) => {
    const cancelledNow = await catalog.cancelIn(s.sql, showtimeId, s.now, reason);
    const entries = await waitlist.closeIn(s, actorId);
    const holds = await releaseHoldsOfShowtime(s, ledger, actorId);
    const bookings = await cancelBookingsOfShowtime(s, actorId, reason);
    if (cancelledNow) {
      await auditRepository.record(s.sql, [{ showtimeId, userId: actorId, action: 'showtime.cancelled', seats: [], at: s.now }]);
    }
    const byUser = new Map<string, Affected>();
    const of = (userId: string) => {
      let affected = byUser.get(userId);
      if (!affected) byUser.set(userId, (affected = { bookingIds: [], holdIds: [], waitlistEntryIds: [] }));
      return affected;
    };
    for (const booking of bookings) of(booking.userId).bookingIds.push(booking.id);
    for (const hold of holds) of(hold.userId).holdIds.push(hold.id);
    for (const entry of entries) of(entry.userId).waitlistEntryIds.push(entry.id);
    for (const [userId, affected] of byUser) s.emit('showtime.cancelled', { userId, showtimeId, reason, ...affected });
    return {
      alreadyCancelled: !cancelledNow,
      ended: { bookings: bookings.length, holds: holds.length, waitlistEntries: entries.length, usersNotified: byUser.size },
    };
  });
  await catalog.announceChange(showtimeId);
  return { showtime: await catalog.getShowtime(showtimeId), ...outcome };
}

export async function moveShowtime(deps: ShowtimeChangeDeps, actorId: string, showtimeId: string, startsAt: Date) {
  const { ledger, catalog, waitlist } = deps;
  const notified = await ledger.change(showtimeId, async (s) => {
    const move = await catalog.moveIn(s.sql, showtimeId, startsAt, s.now);
    if (!move.moved) return 0;
    await auditRepository.record(s.sql, [{ showtimeId, userId: actorId, action: 'showtime.moved', seats: [], at: s.now }]);
    const users = new Set([
      ...(await holdersOfShowtime(s.sql, showtimeId, s.now)),
      ...(await bookersOfShowtime(s)),
      ...(await waitlist.waitersIn(s)),
    ]);
    for (const userId of users) {
      s.emit('showtime.changed', {
        userId,
        showtimeId,
        startsAt: move.startsAt,
        endsAt: move.endsAt,
        previousStartsAt: move.previousStartsAt,
      });
    }
    return users.size;
  });
  await catalog.announceChange(showtimeId);
  return { showtime: await catalog.getShowtime(showtimeId), usersNotified: notified };
}
