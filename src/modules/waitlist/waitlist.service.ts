// The waitlist module's face: join, read, leave, the public fairness log, and the seat-ledger hooks
// (register them with ledger.addHooks(waitlist.hooks)).
import { AppError, notFound } from '../../lib/errors';
import type { SeatHooks, SeatTx } from '../seats';
import type { WaitlistDeps, WaitlistOptions as Options } from './waitlist.deps';
import { verifyLog } from './fairness-log';
import { joinWaitlist } from './join-waitlist.use-case';
import { leaveWaitlist } from './leave-waitlist.use-case';
import { closeWaitlistOf, waitersOf } from './close-waitlist.use-case';
import { offerFreedSeats, settleOffer } from './offer-seats.use-case';
import { positionOf } from './waitlist-log';
import { waitlistRepository, type EntryRow } from './waitlist.repository';
import { toEntryView } from './waitlist.schemas';
import type { LayoutSeat } from './waitlist-rules';

export function createWaitlistService(options: Options) {
  // A room's seats never change once built, so they are read once per auditorium. Reads go through the
  // transaction's runner: on SQLite a query outside the open transaction would wait for it forever.
  const seatsByAuditorium = new Map<string, LayoutSeat[]>();
  async function layoutOf(s: SeatTx) {
    const showtime = await waitlistRepository.findShowtime(s.sql, s.showtimeId);
    if (!showtime) throw notFound('Showtime');
    let seats = seatsByAuditorium.get(showtime.auditoriumId);
    if (!seats) {
      seats = await waitlistRepository.listSeats(s.sql, showtime.auditoriumId);
      seatsByAuditorium.set(showtime.auditoriumId, seats);
    }
    return { startsAt: showtime.startsAt, cancelled: showtime.cancelled, seats };
  }
  const deps: WaitlistDeps = { ...options, layoutOf };

  async function findOwn(userId: string, entryId: string) {
    const entry = await waitlistRepository.findById(options.db, entryId);
    if (!entry || entry.userId !== userId) throw notFound('Waitlist entry');
    return entry;
  }

  /** A rough guide: the deadline by which current holds could have freed enough seats if none is bought. */
  async function estimateOfferAt(entry: EntryRow, position: number) {
    const waiting = await waitlistRepository.listWaiting(options.sql, entry.showtimeId);
    const needed = waiting.slice(0, position).reduce((sum, other) => sum + other.partySize, 0);
    let freed = 0;
    for (const hold of await waitlistRepository.activeHoldDeadlines(options.db, entry.showtimeId)) {
      freed += (JSON.parse(hold.seats) as string[]).length;
      if (freed >= needed) return hold.expiresAt.toISOString();
    }
    return null;
  }

  return {
    join: (userId: string, showtimeId: string, request: { partySize: number; adjacent: boolean }) => {
      if (request.partySize > options.maxSeatsPerUser) {
        throw new AppError('VALIDATION_FAILED', `At most ${options.maxSeatsPerUser} seats per person`, {
          field: 'body.partySize',
          max: options.maxSeatsPerUser,
        });
      }
      return joinWaitlist(deps, userId, showtimeId, request);
    },

    async get(userId: string, entryId: string) {
      const entry = await findOwn(userId, entryId);
      if (entry.status === 'waiting') {
        const position = await positionOf(options.sql, entry);
        return toEntryView(entry, { position, estimatedOfferAt: await estimateOfferAt(entry, position) });
      }
      if (entry.status !== 'offered') return toEntryView(entry);
      const hold = await waitlistRepository.findOfferHold(options.db, entry.id);
      // Past its deadline an offer reads as expired even before the expiry engine gets to it.
      if (!hold || hold.expiresAt <= options.clock.now()) return toEntryView(entry, { status: 'expired' });
      return toEntryView(entry, { offer: { holdId: hold.id, seats: hold.seats, expiresAt: hold.expiresAt.toISOString() } });
    },

    async leave(userId: string, entryId: string) {
      await leaveWaitlist(deps, await findOwn(userId, entryId));
    },

    async log(showtimeId: string) {
      if (!(await waitlistRepository.findShowtime(options.sql, showtimeId))) throw notFound('Showtime');
      const records = await waitlistRepository.listLog(options.db, showtimeId);
      const { verified } = verifyLog(showtimeId, records);
      return { showtimeId, verified, records: records.map(({ showtimeId: _showtimeId, ...record }) => record) };
    },

    /** Inside the showtime's seat transaction: closes its line for a cancel (close-waitlist.use-case.ts). */
    closeIn: (s: SeatTx, actorId: string) => closeWaitlistOf(s, options.aliasSecret, actorId),
    waitersIn: (s: SeatTx) => waitersOf(s),

    hooks: {
      onSeatsFreed: (s, labels) => offerFreedSeats(deps, s, labels),
      onHoldEnded: (s, hold, outcome) => settleOffer(deps, s, hold, outcome),
    } satisfies SeatHooks,
  };
}

export type WaitlistService = ReturnType<typeof createWaitlistService>;
