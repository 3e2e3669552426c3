// Ending holds inside a SeatTx: release by the owner, expiry at the deadline, or purchase. Each is a
// compare-and-set on the hold's status, so whichever of two racing writers comes second changes nothing.
import { auditRepository } from '../audit';
import { holdsRepository, type HoldRow } from './holds.repository';
import type { SeatLedger, SeatTx } from '../seats';
import { seatClaims } from '../seats';

/** Expires every overdue active hold of the showtime (at most `limit`); returns the ones it expired. */
export async function expireOverdueHolds(s: SeatTx, ledger: SeatLedger, limit?: number): Promise<HoldRow[]> {
  // A few statements however many holds are due: one ends them all, one deletes their claims, one (per
  // 500) writes their audit rows; the waitlist hooks and the events run on the rows it returned.
  const expired = await holdsRepository.expireOverdue(s.sql, s.showtimeId, s.now, limit);
  if (expired.length === 0) return [];
  await freeSeatsOfHolds(s, ledger, expired, 'expired');
  for (const hold of expired) s.emit('hold.expired', { holdId: hold.id, userId: hold.userId, showtimeId: hold.showtimeId });
  return expired;
}

/** Releases one active, unexpired hold; false if it was no longer active or its time had run out. */
export async function releaseHold(s: SeatTx, ledger: SeatLedger, hold: HoldRow, actorId: string | null): Promise<boolean> {
  const moved = await holdsRepository.endHolds(s.sql, [hold.id], 'released', s.now, 'before');
  if (moved === 0) return false;
  await freeSeatsOfHolds(s, ledger, [hold], 'released', actorId);
  return true;
}

async function freeSeatsOfHolds(
  s: SeatTx,
  ledger: SeatLedger,
  holds: HoldRow[],
  outcome: 'released' | 'expired',
  actorId: string | null = null,
) {
  await seatClaims.releaseOfHolds(
    s.sql,
    holds.map((hold) => hold.id),
  );
  await auditRepository.record(
    s.sql,
    holds.map((hold) => ({
      showtimeId: s.showtimeId,
      userId: outcome === 'released' ? (actorId ?? hold.userId) : null,
      action: outcome === 'released' ? 'hold.released' : 'hold.expired',
      seats: hold.seats,
      holdId: hold.id,
      at: s.now,
    })),
  );
  for (const hold of holds) await ledger.endHold(s, hold, outcome);
  for (const hold of holds) s.mark(hold.seats, 'available');
}
