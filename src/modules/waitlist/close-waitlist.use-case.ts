// The waitlist's part when the theater cancels a showtime, inside that showtime's seat transaction and
// before its holds are released: every entry still in line (waiting, or holding an offer) becomes
// cancelled and the fairness log records each as a leave with the reason "showtime-cancelled", so the
// chain still verifies. Offer holds are then released by the holds module; their entries have ended
// already, so nothing is passed on, and a cancelled showtime offers freed seats to nobody.
import { auditRepository } from '../audit';
import type { SeatTx } from '../seats';
import { appendToLog } from './waitlist-log';
import { waitlistRepository } from './waitlist.repository';

export type ClosedEntry = { id: string; userId: string };

export async function closeWaitlistOf(s: SeatTx, aliasSecret: string, actorId: string): Promise<ClosedEntry[]> {
  const closed: ClosedEntry[] = [];
  for (const entry of await waitlistRepository.listOpen(s.sql, s.showtimeId)) {
    if (!(await waitlistRepository.move(s.sql, entry.id, ['waiting', 'offered'], 'cancelled', s.now))) continue;
    await appendToLog(s, aliasSecret, { type: 'leave', userId: entry.userId, data: { entry: entry.id, reason: 'showtime-cancelled' } });
    closed.push({ id: entry.id, userId: entry.userId });
  }
  if (closed.length > 0) {
    await auditRepository.record(s.sql, [{ showtimeId: s.showtimeId, userId: actorId, action: 'waitlist.closed', seats: [], at: s.now }]);
  }
  return closed;
}

/** Users waiting (or holding an offer) for the showtime: they are told when it moves. */
export async function waitersOf(s: Pick<SeatTx, 'sql' | 'showtimeId'>) {
  return [...new Set((await waitlistRepository.listOpen(s.sql, s.showtimeId)).map((entry) => entry.userId))];
}
