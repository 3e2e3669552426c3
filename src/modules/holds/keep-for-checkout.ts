import { holdsRepository, type HoldRow } from './holds.repository';
import type { SeatLedger } from '../seats';

/**
 * A purchase at the till keeps its hold: the deadline moves to cover the longest wait in line plus the
 * payment call (bounded), in the showtime's turn like every hold change, and only if the hold is still
 * live (a compare-and-set against its deadline). False when the deadline came first.
 */
export async function keepHoldForCheckout(
  deps: { ledger: SeatLedger; checkout: { holdGraceMs: number } },
  hold: HoldRow,
): Promise<boolean> {
  return deps.ledger.change(hold.showtimeId, async (s) => {
    const until = new Date(s.now.getTime() + deps.checkout.holdGraceMs);
    if (!(await holdsRepository.keepForCheckout(s.sql, hold.id, until, s.now))) {
      // Nothing moved: either its deadline is already later than that (kept anyway), or it is over.
      const current = await holdsRepository.findById(s.sql, hold.id);
      return current?.status === 'active' && current.expiresAt > s.now;
    }
    s.emit('hold.scheduled', { holdId: hold.id, userId: hold.userId, showtimeId: hold.showtimeId, expiresAt: until });
    return true;
  });
}
