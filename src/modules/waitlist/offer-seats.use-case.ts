// The seat ledger's waitlist hooks, run inside the transaction that freed the seats or ended the hold:
//   - offerFreedSeats: while someone waiting can use the free seats, the earliest-joined such entry gets
//     an offer hold of its own (WAITLIST_OFFER_TTL_SECONDS), logged and announced after commit;
//   - settleOffer: when an offer hold ends, its entry becomes accepted, left (declined) or expired; the
//     seats then come back through offerFreedSeats in the same transaction.
import { addSeconds } from '../../lib/clock';
import { auditRepository } from '../audit';
import { holdsRepository } from '../holds';
import type { EndedHold, HoldOutcome, SeatTx } from '../seats';
import { announceNewPositions, appendToLog } from './waitlist-log';
import { waitlistRepository, type EntryStatus } from './waitlist.repository';
import { planOffers, type LayoutSeat } from './waitlist-rules';
import { seatClaims } from '../seats';

export type OfferDeps = {
  aliasSecret: string;
  offerTtlSeconds: number;
  layoutOf: (s: SeatTx) => Promise<{ startsAt: Date; cancelled: boolean; seats: LayoutSeat[] }>;
};

export async function offerFreedSeats(deps: OfferDeps, s: SeatTx, freed: string[]) {
  if (!(await waitlistRepository.anyWaiting(s.sql, s.showtimeId))) return;
  const waiting = await waitlistRepository.listWaiting(s.sql, s.showtimeId);
  if (waiting.length === 0) return;
  const { startsAt, cancelled, seats: layout } = await deps.layoutOf(s);
  // A cancelled showtime offers nothing: its seats are for nobody.
  if (startsAt <= s.now || cancelled) return;
  const claimed = await seatClaims.labels(s.sql, s.showtimeId);
  const free = layout.filter((seat) => !claimed.has(seat.label));
  const offers = planOffers(waiting, free, freed, layout);

  for (const { entry, seats, freeBefore } of offers) {
    const expiresAt = addSeconds(s.now, deps.offerTtlSeconds);
    if (!(await waitlistRepository.move(s.sql, entry.id, ['waiting'], 'offered', s.now))) {
      throw new Error(`waitlist entry ${entry.id} stopped waiting under the showtime lock`);
    }
    // The claims' primary key is the guarantee that no seat is offered twice.
    const hold = await holdsRepository.insertHold(s.sql, {
      showtimeId: s.showtimeId,
      userId: entry.userId,
      seats,
      expiresAt,
      createdAt: s.now,
      waitlistEntryId: entry.id,
    });
    await auditRepository.record(s.sql, [
      { showtimeId: s.showtimeId, userId: null, action: 'waitlist.offered', seats, holdId: hold.id, at: s.now },
    ]);
    await appendToLog(s, deps.aliasSecret, {
      type: 'offer',
      userId: entry.userId,
      data: {
        entry: entry.id,
        hold: hold.id,
        seats,
        expiresAt: expiresAt.toISOString(),
        partySize: entry.partySize,
        adjacent: entry.adjacent,
        free: freeBefore.map(({ label, row, column }) => ({ label, row, column })),
      },
    });
    s.mark(seats, 'held');
    s.emit('hold.scheduled', { holdId: hold.id, userId: entry.userId, showtimeId: s.showtimeId, expiresAt });
    s.emit('waitlist.offer', { entryId: entry.id, userId: entry.userId, showtimeId: s.showtimeId, holdId: hold.id, seats, expiresAt });
  }
  await announceNewPositions(
    s,
    offers.map((offer) => offer.entry),
  );
}

const settled: Record<HoldOutcome, { status: EntryStatus; type: 'accept' | 'leave' | 'expire' }> = {
  purchased: { status: 'accepted', type: 'accept' },
  released: { status: 'left', type: 'leave' },
  expired: { status: 'expired', type: 'expire' },
};

export async function settleOffer(deps: OfferDeps, s: SeatTx, hold: EndedHold, outcome: HoldOutcome) {
  if (!hold.waitlistEntryId) return;
  const { status, type } = settled[outcome];
  if (!(await waitlistRepository.move(s.sql, hold.waitlistEntryId, ['offered'], status, s.now))) return;
  const data =
    outcome === 'released'
      ? { entry: hold.waitlistEntryId, hold: hold.id, reason: 'declined' }
      : { entry: hold.waitlistEntryId, hold: hold.id };
  await appendToLog(s, deps.aliasSecret, { type, userId: hold.userId, data });
  if (outcome === 'expired') s.emit('waitlist.expired', { entryId: hold.waitlistEntryId, userId: hold.userId, showtimeId: s.showtimeId });
}
