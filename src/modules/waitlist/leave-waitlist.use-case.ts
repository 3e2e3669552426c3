// Leave a waitlist (DELETE /api/waitlist/:id). A waiting entry leaves under the showtime lock and the
// entries behind it move up. An entry with an open offer declines it by releasing the offer hold: the
// ledger's hooks then mark the entry left and pass the seats on, all in that one transaction. Leaving an
// entry that already ended changes nothing (DELETE is idempotent).
import { AppError } from '../../lib/errors';
import type { WaitlistDeps } from './waitlist.deps';
import { announceNewPositions, appendToLog } from './waitlist-log';
import { waitlistRepository, type EntryRow } from './waitlist.repository';

export async function leaveWaitlist(deps: WaitlistDeps, entry: EntryRow) {
  // Two rounds at most: an entry seen waiting may have been offered seats just before the lock.
  for (let round = 0; round < 2; round++) {
    const current = await waitlistRepository.findById(deps.db, entry.id);
    if (current?.status === 'waiting' && (await leaveWhileWaiting(deps, current))) return;
    if (current?.status === 'offered') return declineOffer(deps, current);
    if (current?.status !== 'waiting') return;
  }
}

async function leaveWhileWaiting(deps: WaitlistDeps, entry: EntryRow) {
  return deps.ledger.change(entry.showtimeId, async (s) => {
    if (!(await waitlistRepository.move(s.sql, entry.id, ['waiting'], 'left', s.now))) return false;
    await appendToLog(s, deps.aliasSecret, { type: 'leave', userId: entry.userId, data: { entry: entry.id, reason: 'left' } });
    await announceNewPositions(s, [entry]);
    return true;
  });
}

async function declineOffer(deps: WaitlistDeps, entry: EntryRow) {
  const hold = await waitlistRepository.findOfferHold(deps.db, entry.id);
  if (!hold) return;
  try {
    await deps.holds.release(entry.userId, hold.id);
  } catch (error) {
    // The offer ran out or was bought meanwhile: the entry has ended either way.
    if (error instanceof AppError && (error.code === 'HOLD_EXPIRED' || error.code === 'HOLD_NOT_ACTIVE')) return;
    throw error;
  }
}
