// Writing to the fairness log and telling waiting users their new places: both happen inside the
// showtime's transaction, so the log's order is the order of the seat changes, and position events go
// out only if the change commits.
import type { Sql } from '../../db/sql';
import type { SeatTx } from '../seats';
import { aliasOf, nextRecord, type LogType } from './fairness-log';
import { waitlistRepository, type EntryRow } from './waitlist.repository';
import { compareQueueOrder } from './waitlist-rules';

/** Appends one record to the showtime's chain: seq = previous + 1, prevHash = previous hash. */
export async function appendToLog(
  s: SeatTx,
  aliasSecret: string,
  record: { type: LogType; userId: string; data: Record<string, unknown> },
) {
  const previous = await waitlistRepository.lastLogRecord(s.sql, s.showtimeId);
  const alias = aliasOf(aliasSecret, s.showtimeId, record.userId);
  await waitlistRepository.appendLogRecord(
    s.sql,
    nextRecord(previous ?? undefined, { showtimeId: s.showtimeId, at: s.now, type: record.type, alias, data: record.data }),
  );
}

/** 1 + the waiting entries ahead of this one. */
export async function positionOf(sql: Sql, entry: EntryRow) {
  return (await waitlistRepository.countAhead(sql, entry)) + 1;
}

/** After entries left the waiting line, every waiting entry that was behind one of them moved up. */
export async function announceNewPositions(s: SeatTx, removed: EntryRow[]) {
  if (removed.length === 0) return;
  const waiting = await waitlistRepository.listWaiting(s.sql, s.showtimeId);
  waiting.forEach((entry, index) => {
    if (!removed.some((gone) => compareQueueOrder(gone, entry) < 0)) return;
    s.emit('waitlist.position', { entryId: entry.id, userId: entry.userId, showtimeId: entry.showtimeId, position: index + 1 });
  });
}
