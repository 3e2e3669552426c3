// Database access for waitlist entries, the fairness log and the seat facts the waitlist needs. Every
// function takes the client to use, so it runs inside the showtime's SeatTx transaction when it must.
import type { DbClient } from '../../db/client';
import type { Sql } from '../../db/sql';
import type { LogRecord, LogType } from './fairness-log';
import type { LayoutSeat } from './waitlist-rules';

export type EntryStatus = 'waiting' | 'offered' | 'accepted' | 'expired' | 'left';
export type EntryRow = {
  id: string;
  showtimeId: string;
  userId: string;
  partySize: number;
  adjacent: boolean;
  status: EntryStatus;
  joinedAt: Date;
  sequence: number;
  endedAt: Date | null;
};

type RawEntry = Omit<EntryRow, 'status'> & { status: string; activeKey: string | null };
const toEntry = ({ activeKey: _activeKey, ...row }: RawEntry): EntryRow => ({ ...row, status: row.status as EntryStatus });
const waitingOrder = [{ joinedAt: 'asc' as const }, { sequence: 'asc' as const }];

export const waitlistRepository = {
  async findById(db: DbClient, id: string) {
    const row = await db.waitlistEntry.findUnique({ where: { id } });
    return row ? toEntry(row) : undefined;
  },

  /** The next join number of the showtime; call under the showtime lock (the unique index backs it). */
  async nextSequence(db: DbClient, showtimeId: string) {
    const { _max } = await db.waitlistEntry.aggregate({ where: { showtimeId }, _max: { sequence: true } });
    return (_max.sequence ?? 0) + 1;
  },

  /** The unique activeKey refuses a second active entry of the user for the showtime (P2002). */
  async insert(db: DbClient, data: { showtimeId: string; userId: string; partySize: number; adjacent: boolean; joinedAt: Date; sequence: number }) {
    const row = await db.waitlistEntry.create({
      data: { ...data, status: 'waiting', activeKey: `${data.showtimeId}:${data.userId}` },
    });
    return toEntry(row);
  },

  /** Whether anyone waits for the showtime: plain SQL, asked on every release and expiry. */
  async anyWaiting(sql: Sql, showtimeId: string) {
    const rows = await sql.all(`SELECT 1 AS "one" FROM "WaitlistEntry" WHERE "showtimeId" = ? AND "status" = 'waiting' LIMIT 1`, [showtimeId]);
    return rows.length > 0;
  },

  async listWaiting(db: DbClient, showtimeId: string) {
    const rows = await db.waitlistEntry.findMany({ where: { showtimeId, status: 'waiting' }, orderBy: waitingOrder });
    return rows.map(toEntry);
  },

  /** Waiting entries that are ahead of this one in FIFO order. */
  countAhead: (db: DbClient, entry: Pick<EntryRow, 'showtimeId' | 'joinedAt' | 'sequence'>) =>
    db.waitlistEntry.count({
      where: {
        showtimeId: entry.showtimeId,
        status: 'waiting',
        OR: [{ joinedAt: { lt: entry.joinedAt } }, { joinedAt: entry.joinedAt, sequence: { lt: entry.sequence } }],
      },
    }),

  /** Compare-and-set of the status; an ended entry frees its activeKey so the user may join again. */
  async move(db: DbClient, id: string, from: EntryStatus[], to: EntryStatus, now: Date) {
    const ended = to !== 'waiting' && to !== 'offered';
    const result = await db.waitlistEntry.updateMany({
      where: { id, status: { in: from } },
      data: ended ? { status: to, activeKey: null, endedAt: now } : { status: to },
    });
    return result.count === 1;
  },

  /** The newest offer hold of an entry (there is at most one active). */
  async findOfferHold(db: DbClient, entryId: string) {
    const row = await db.hold.findFirst({ where: { waitlistEntryId: entryId }, orderBy: { createdAt: 'desc' } });
    return row && { id: row.id, status: row.status, seats: JSON.parse(row.seats) as string[], expiresAt: row.expiresAt };
  },

  /** Seats of the showtime's active holds, soonest deadline first (for the wait estimate). */
  activeHoldDeadlines: (db: DbClient, showtimeId: string) =>
    db.hold.findMany({ where: { showtimeId, status: 'active' }, orderBy: { expiresAt: 'asc' }, select: { expiresAt: true, seats: true } }),

  async claimedLabels(db: DbClient, showtimeId: string) {
    const rows = await db.seatClaim.findMany({ where: { showtimeId }, select: { seatLabel: true } });
    return new Set(rows.map((row) => row.seatLabel));
  },

  findShowtime: (db: DbClient, showtimeId: string) =>
    db.showtime.findUnique({ where: { id: showtimeId }, select: { id: true, auditoriumId: true, startsAt: true } }),

  listSeats: (db: DbClient, auditoriumId: string): Promise<LayoutSeat[]> =>
    db.seat.findMany({
      where: { auditoriumId },
      orderBy: [{ rowIndex: 'asc' }, { number: 'asc' }],
      select: { label: true, row: true, rowIndex: true, number: true, column: true },
    }),

  lastLogRecord: (db: DbClient, showtimeId: string) =>
    db.waitlistLogRecord.findFirst({ where: { showtimeId }, orderBy: { seq: 'desc' }, select: { seq: true, hash: true } }),

  /** The (showtimeId, seq) primary key stops two writers from forking the chain. */
  appendLogRecord: (db: DbClient, record: LogRecord) => db.waitlistLogRecord.create({ data: { ...record, at: new Date(record.at) } }),

  async listLog(db: DbClient, showtimeId: string): Promise<LogRecord[]> {
    const rows = await db.waitlistLogRecord.findMany({ where: { showtimeId }, orderBy: { seq: 'asc' } });
    return rows.map((row) => ({ ...row, at: row.at.toISOString(), type: row.type as LogType }));
  },
};
