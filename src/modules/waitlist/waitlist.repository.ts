// Database access for waitlist entries, the fairness log and the seat facts the waitlist needs. What runs
// inside a showtime's seat transaction is plain SQL on that transaction's runner (`s.sql`), like every
// seat change; the same functions run outside one on the service's runner. Cold reads stay on Prisma.
import { v7 as uuidv7 } from 'uuid';
import type { DbClient } from '../../db/client';
import { marks, toDate, type Sql } from '../../db/sql';
import type { Row } from '../../db/tables';
import type { LogRecord, LogType } from './fairness-log';
import type { LayoutSeat } from './waitlist-rules';

/** cancelled: the theater cancelled the showtime while the entry was waiting or offered. */
export type EntryStatus = 'waiting' | 'offered' | 'accepted' | 'expired' | 'left' | 'cancelled';
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

type RawEntry = Row<'WaitlistEntry'>;
// Drivers differ in how they return timestamps (text or Date), booleans (0/1 or true/false) and counts.
const toEntry = (row: RawEntry): EntryRow => ({
  id: String(row.id),
  showtimeId: String(row.showtimeId),
  userId: String(row.userId),
  partySize: Number(row.partySize),
  adjacent: Boolean(row.adjacent),
  status: row.status as EntryStatus,
  joinedAt: toDate(row.joinedAt),
  sequence: Number(row.sequence),
  endedAt: row.endedAt == null ? null : toDate(row.endedAt),
});
const ENTRY = `"id", "showtimeId", "userId", "partySize", "adjacent", "status", "joinedAt", "sequence", "endedAt"`;

export const waitlistRepository = {
  async findById(db: DbClient, id: string) {
    const row = await db.waitlistEntry.findUnique({ where: { id } });
    return row ? toEntry(row) : undefined;
  },

  /** The next join number of the showtime; call under the showtime lock (the unique index backs it). */
  async nextSequence(sql: Sql, showtimeId: string) {
    const [row] = await sql.all<{ last: number | bigint | null }>(
      `SELECT MAX("sequence") AS "last" FROM "WaitlistEntry" WHERE "showtimeId" = ?`,
      [showtimeId],
    );
    return Number(row?.last ?? 0) + 1;
  },

  /** The unique activeKey refuses a second active entry of the user for the showtime (a unique violation). */
  async insert(
    sql: Sql,
    data: { showtimeId: string; userId: string; partySize: number; adjacent: boolean; joinedAt: Date; sequence: number },
  ) {
    const [row] = await sql.all<RawEntry>(
      `INSERT INTO "WaitlistEntry" ("id", "showtimeId", "userId", "partySize", "adjacent", "status", "activeKey", "joinedAt", "sequence")
       VALUES (?, ?, ?, ?, ?, 'waiting', ?, ?, ?) RETURNING ${ENTRY}`,
      [
        uuidv7(),
        data.showtimeId,
        data.userId,
        data.partySize,
        data.adjacent,
        `${data.showtimeId}:${data.userId}`,
        data.joinedAt,
        data.sequence,
      ],
    );
    return toEntry(row as RawEntry);
  },

  /** Whether anyone waits for the showtime: plain SQL, asked on every release and expiry. */
  async anyWaiting(sql: Sql, showtimeId: string) {
    const rows = await sql.all(`SELECT 1 AS "one" FROM "WaitlistEntry" WHERE "showtimeId" = ? AND "status" = 'waiting' LIMIT 1`, [
      showtimeId,
    ]);
    return rows.length > 0;
  },

  /** FIFO: earlier joinedAt first; the per-showtime sequence breaks ties (see waitlist-rules.ts). */
  async listWaiting(sql: Sql, showtimeId: string) {
    const rows = await sql.all<RawEntry>(
      `SELECT ${ENTRY} FROM "WaitlistEntry" WHERE "showtimeId" = ? AND "status" = 'waiting' ORDER BY "joinedAt", "sequence"`,
      [showtimeId],
    );
    return rows.map(toEntry);
  },

  /** Waiting entries that are ahead of this one in FIFO order. */
  async countAhead(sql: Sql, entry: Pick<EntryRow, 'showtimeId' | 'joinedAt' | 'sequence'>) {
    const [row] = await sql.all<{ n: number | bigint | string }>(
      `SELECT COUNT(*) AS "n" FROM "WaitlistEntry" WHERE "showtimeId" = ? AND "status" = 'waiting'
         AND ("joinedAt" < ? OR ("joinedAt" = ? AND "sequence" < ?))`,
      [entry.showtimeId, entry.joinedAt, entry.joinedAt, entry.sequence],
    );
    return Number(row?.n ?? 0);
  },

  /** Compare-and-set of the status; an ended entry frees its activeKey so the user may join again. */
  async move(sql: Sql, id: string, from: EntryStatus[], to: EntryStatus, now: Date) {
    const ended = to !== 'waiting' && to !== 'offered';
    const changed = ended
      ? await sql.run(
          `UPDATE "WaitlistEntry" SET "status" = ?, "activeKey" = NULL, "endedAt" = ? WHERE "id" = ? AND "status" IN (${marks(from.length)})`,
          [to, now, id, ...from],
        )
      : await sql.run(`UPDATE "WaitlistEntry" SET "status" = ? WHERE "id" = ? AND "status" IN (${marks(from.length)})`, [to, id, ...from]);
    return changed === 1;
  },

  /** Entries still in line (waiting or offered), in join order: the ones a cancelled showtime closes. */
  async listOpen(sql: Sql, showtimeId: string) {
    const rows = await sql.all<RawEntry>(
      `SELECT ${ENTRY} FROM "WaitlistEntry" WHERE "showtimeId" = ? AND "status" IN ('waiting', 'offered') ORDER BY "joinedAt", "sequence"`,
      [showtimeId],
    );
    return rows.map(toEntry);
  },

  /** The newest offer hold of an entry (there is at most one active). */
  async findOfferHold(db: DbClient, entryId: string) {
    const row = await db.hold.findFirst({ where: { waitlistEntryId: entryId }, orderBy: { createdAt: 'desc' } });
    return row && { id: row.id, status: row.status, seats: JSON.parse(row.seats) as string[], expiresAt: row.expiresAt };
  },

  /** Seats of the showtime's active holds, soonest deadline first (for the wait estimate). */
  activeHoldDeadlines: (db: DbClient, showtimeId: string) =>
    db.hold.findMany({ where: { showtimeId, status: 'active' }, orderBy: { expiresAt: 'asc' }, select: { expiresAt: true, seats: true } }),

  async findShowtime(sql: Sql, showtimeId: string) {
    const [row] = await sql.all<{ id: string; auditoriumId: string; startsAt: unknown; status: string }>(
      `SELECT "id", "auditoriumId", "startsAt", "status" FROM "Showtime" WHERE "id" = ?`,
      [showtimeId],
    );
    return row && { id: row.id, auditoriumId: row.auditoriumId, startsAt: toDate(row.startsAt), cancelled: row.status === 'cancelled' };
  },

  async listSeats(sql: Sql, auditoriumId: string): Promise<LayoutSeat[]> {
    const rows = await sql.all<Record<keyof LayoutSeat, unknown>>(
      `SELECT "label", "row", "rowIndex", "number", "column" FROM "Seat" WHERE "auditoriumId" = ? ORDER BY "rowIndex", "number"`,
      [auditoriumId],
    );
    return rows.map((row) => ({
      label: String(row.label),
      row: String(row.row),
      rowIndex: Number(row.rowIndex),
      number: Number(row.number),
      column: Number(row.column),
    }));
  },

  async lastLogRecord(sql: Sql, showtimeId: string) {
    const [row] = await sql.all<{ seq: number | bigint; hash: string }>(
      `SELECT "seq", "hash" FROM "WaitlistLogRecord" WHERE "showtimeId" = ? ORDER BY "seq" DESC LIMIT 1`,
      [showtimeId],
    );
    return row && { seq: Number(row.seq), hash: row.hash };
  },

  /** The (showtimeId, seq) primary key stops two writers from forking the chain. */
  appendLogRecord: (sql: Sql, record: LogRecord) =>
    sql.run(
      `INSERT INTO "WaitlistLogRecord" ("showtimeId", "seq", "at", "type", "alias", "data", "prevHash", "hash") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [record.showtimeId, record.seq, new Date(record.at), record.type, record.alias, record.data, record.prevHash, record.hash],
    ),

  async listLog(db: DbClient, showtimeId: string): Promise<LogRecord[]> {
    const rows = await db.waitlistLogRecord.findMany({ where: { showtimeId }, orderBy: { seq: 'asc' } });
    return rows.map((row) => ({ ...row, at: row.at.toISOString(), type: row.type as LogType }));
  },
};
