// The holds module's part when the theater cancels a showtime, run inside that showtime's seat
// transaction (after the waitlist was closed, so freed seats are offered to nobody): overdue holds expire
// as they would have anyway, then every other active hold is released on the admin's behalf. Seat claims
// change only through end-holds.ts, the one way holds end. A cancelled showtime takes no new holds: the
// hold's turn reads the cancel under the showtime lock (SeatTx.cancelled, hold-seats.use-case.ts).
import { AppError } from '../../lib/errors';
import type { Sql } from '../../db/sql';
import type { SeatLedger, SeatTx } from '../seats';
import { expireOverdueHolds, releaseHold } from './end-holds';
import { holdsRepository, type HoldRow } from './holds.repository';
import { showtimeHolds } from './showtime-holds.repository';

/** Ends every active hold of the showtime; returns the ones released (not the ones that had expired). */
export async function releaseHoldsOfShowtime(s: SeatTx, ledger: SeatLedger, actorId: string): Promise<HoldRow[]> {
  await expireOverdueHolds(s, ledger);
  const holds = await holdsRepository.findByIds(s.sql, await showtimeHolds.activeIds(s.sql, s.showtimeId));
  const released: HoldRow[] = [];
  for (const hold of holds) if (await releaseHold(s, ledger, hold, actorId)) released.push(hold);
  return released;
}

/** Users holding seats of the showtime right now (they are told when it moves). */
export const holdersOfShowtime = (sql: Sql, showtimeId: string, now: Date) => showtimeHolds.activeHolders(sql, showtimeId, now);

export const showtimeCancelled = () =>
  new AppError('SHOWTIME_CANCELLED', 'This showtime was cancelled by the theater: it takes no holds, purchases or waitlist joins');
