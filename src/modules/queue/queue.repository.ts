// Database access for waiting rooms and queue tickets (the log: queue-log.repository.ts): plain SQL on the runner it is given
// (the service's, or an open transaction's), in SQL that SQLite and Postgres both accept.
import { v7 as uuidv7 } from 'uuid';
import { marks, toDate, type Sql } from '../../db/sql';
import type { Columns, Row } from '../../db/tables';

export type RoomRow = {
  showtimeId: string;
  enabled: boolean;
  opensAt: Date;
  admitPerMinute: number;
  maxActive: number | null;
  seed: string;
  seedHash: string;
  drawnAt: Date | null;
  budget: number;
  lastTickAt: Date | null;
  nextOrder: number;
};
export type TicketStatus = 'waiting' | 'admitted' | 'expired' | 'left';
export type TicketRow = {
  id: string;
  showtimeId: string;
  userId: string;
  status: TicketStatus;
  joinedAt: Date;
  early: boolean;
  queueOrder: number | null;
  lastSeenAt: Date;
  admittedAt: Date | null;
  admittedUntil: Date | null;
};

const optionalDate = (value: unknown) => (value == null ? null : toDate(value));
const toRoom = (row: Row<'WaitingRoom'>): RoomRow => ({
  showtimeId: String(row.showtimeId),
  enabled: Boolean(row.enabled),
  opensAt: toDate(row.opensAt),
  admitPerMinute: Number(row.admitPerMinute),
  maxActive: row.maxActive == null ? null : Number(row.maxActive),
  seed: String(row.seed),
  seedHash: String(row.seedHash),
  drawnAt: optionalDate(row.drawnAt),
  budget: Number(row.budget),
  lastTickAt: optionalDate(row.lastTickAt),
  nextOrder: Number(row.nextOrder),
});
// The columns of TICKET (every one but activeKey).
type RawTicket = Columns<'QueueTicket', Exclude<keyof Row<'QueueTicket'>, 'activeKey'>>;
const toTicket = (row: RawTicket): TicketRow => ({
  id: String(row.id),
  showtimeId: String(row.showtimeId),
  userId: String(row.userId),
  status: row.status as TicketStatus,
  joinedAt: toDate(row.joinedAt),
  early: Boolean(row.early),
  queueOrder: row.queueOrder == null ? null : Number(row.queueOrder),
  lastSeenAt: toDate(row.lastSeenAt),
  admittedAt: optionalDate(row.admittedAt),
  admittedUntil: optionalDate(row.admittedUntil),
});
const TICKET = `"id", "showtimeId", "userId", "status", "joinedAt", "early", "queueOrder", "lastSeenAt", "admittedAt", "admittedUntil"`;

export const queueRepository = {
  /** The room; with `lock` (inside a transaction) its row stays locked until commit (SQLite: one writer anyway). */
  async findRoom(sql: Sql, showtimeId: string, lock = false) {
    const forUpdate = lock && sql.kind === 'postgres' ? ' FOR UPDATE' : '';
    const [row] = await sql.all<Row<'WaitingRoom'>>(`SELECT * FROM "WaitingRoom" WHERE "showtimeId" = ?${forUpdate}`, [showtimeId]);
    return row ? toRoom(row) : undefined;
  },

  async insertRoom(sql: Sql, room: RoomRow, now: Date) {
    await sql.run(
      `INSERT INTO "WaitingRoom" ("showtimeId", "enabled", "opensAt", "admitPerMinute", "maxActive", "seed", "seedHash", "budget", "nextOrder", "updatedAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, 1, ?)`,
      [room.showtimeId, room.enabled, room.opensAt, room.admitPerMinute, room.maxActive, room.seed, room.seedHash, now],
    );
  },

  async updateSettings(sql: Sql, room: Pick<RoomRow, 'showtimeId' | 'enabled' | 'opensAt' | 'admitPerMinute' | 'maxActive'>, now: Date) {
    await sql.run(
      `UPDATE "WaitingRoom" SET "enabled" = ?, "opensAt" = ?, "admitPerMinute" = ?, "maxActive" = ?, "updatedAt" = ? WHERE "showtimeId" = ?`,
      [room.enabled, room.opensAt, room.admitPerMinute, room.maxActive, now, room.showtimeId],
    );
  },

  async updateClock(sql: Sql, room: Pick<RoomRow, 'showtimeId' | 'budget' | 'lastTickAt' | 'drawnAt' | 'nextOrder'>, now: Date) {
    await sql.run(
      `UPDATE "WaitingRoom" SET "budget" = ?, "lastTickAt" = ?, "drawnAt" = ?, "nextOrder" = ?, "updatedAt" = ? WHERE "showtimeId" = ?`,
      [room.budget, room.lastTickAt, room.drawnAt, room.nextOrder, now, room.showtimeId],
    );
  },

  async enabledRoomIds(sql: Sql) {
    const rows = await sql.all<{ showtimeId: string }>(`SELECT "showtimeId" FROM "WaitingRoom" WHERE "enabled" = ?`, [true]);
    return rows.map((row) => row.showtimeId);
  },

  async insertTicket(sql: Sql, data: { showtimeId: string; userId: string; joinedAt: Date; early: boolean; queueOrder: number | null }) {
    const [row] = await sql.all<RawTicket>(
      `INSERT INTO "QueueTicket" ("id", "showtimeId", "userId", "status", "activeKey", "joinedAt", "early", "queueOrder", "lastSeenAt")
       VALUES (?, ?, ?, 'waiting', ?, ?, ?, ?, ?) RETURNING ${TICKET}`,
      [
        uuidv7(),
        data.showtimeId,
        data.userId,
        `${data.showtimeId}:${data.userId}`,
        data.joinedAt,
        data.early,
        data.queueOrder,
        data.joinedAt,
      ],
    );
    return toTicket(row as RawTicket);
  },

  async findTicket(sql: Sql, id: string) {
    const [row] = await sql.all<RawTicket>(`SELECT ${TICKET} FROM "QueueTicket" WHERE "id" = ?`, [id]);
    return row ? toTicket(row) : undefined;
  },

  /** The user's waiting or admitted ticket for the showtime, if any (the activeKey allows one). */
  async findLiveTicket(sql: Sql, showtimeId: string, userId: string) {
    const [row] = await sql.all<RawTicket>(`SELECT ${TICKET} FROM "QueueTicket" WHERE "activeKey" = ?`, [`${showtimeId}:${userId}`]);
    return row ? toTicket(row) : undefined;
  },

  /** Waiting tickets in line order (placed ones by place; early ones before the draw by join time). */
  async waitingTickets(sql: Sql, showtimeId: string) {
    const rows = await sql.all<RawTicket>(
      `SELECT ${TICKET} FROM "QueueTicket" WHERE "showtimeId" = ? AND "status" = 'waiting' ORDER BY "queueOrder", "joinedAt", "id"`,
      [showtimeId],
    );
    return rows.map(toTicket);
  },

  async countWaitingAhead(sql: Sql, showtimeId: string, queueOrder: number) {
    const [row] = await sql.all<{ n: number | string }>(
      `SELECT COUNT(*) AS "n" FROM "QueueTicket" WHERE "showtimeId" = ? AND "status" = 'waiting' AND "queueOrder" < ?`,
      [showtimeId, queueOrder],
    );
    return Number(row?.n ?? 0);
  },

  async countEarlyWaiting(sql: Sql, showtimeId: string) {
    const [row] = await sql.all<{ n: number | string }>(
      `SELECT COUNT(*) AS "n" FROM "QueueTicket" WHERE "showtimeId" = ? AND "status" = 'waiting'`,
      [showtimeId],
    );
    return Number(row?.n ?? 0);
  },

  async countActive(sql: Sql, showtimeId: string, now: Date) {
    const [row] = await sql.all<{ n: number | string }>(
      `SELECT COUNT(*) AS "n" FROM "QueueTicket" WHERE "showtimeId" = ? AND "status" = 'admitted' AND "admittedUntil" > ?`,
      [showtimeId, now],
    );
    return Number(row?.n ?? 0);
  },

  async countAdmittedSince(sql: Sql, showtimeId: string, since: Date) {
    const [row] = await sql.all<{ n: number | string }>(
      `SELECT COUNT(*) AS "n" FROM "QueueTicket" WHERE "showtimeId" = ? AND "admittedAt" >= ?`,
      [showtimeId, since],
    );
    return Number(row?.n ?? 0);
  },

  async setPlaces(sql: Sql, places: Array<{ id: string; queueOrder: number }>) {
    for (const place of places) await sql.run(`UPDATE "QueueTicket" SET "queueOrder" = ? WHERE "id" = ?`, [place.queueOrder, place.id]);
  },

  async admit(sql: Sql, ids: string[], now: Date, until: Date) {
    if (ids.length === 0) return;
    await sql.run(
      `UPDATE "QueueTicket" SET "status" = 'admitted', "admittedAt" = ?, "admittedUntil" = ? WHERE "id" IN (${marks(ids.length)})`,
      [now, until, ...ids],
    );
  },

  /** Ends tickets (lapsed, left, admission over): they free the user's live slot. */
  async end(sql: Sql, ids: string[], status: 'expired' | 'left', now: Date) {
    if (ids.length === 0) return;
    await sql.run(`UPDATE "QueueTicket" SET "status" = ?, "activeKey" = NULL, "endedAt" = ? WHERE "id" IN (${marks(ids.length)})`, [
      status,
      now,
      ...ids,
    ]);
  },

  async staleWaitingIds(sql: Sql, showtimeId: string, seenBefore: Date) {
    const rows = await sql.all<{ id: string }>(
      `SELECT "id" FROM "QueueTicket" WHERE "showtimeId" = ? AND "status" = 'waiting' AND "lastSeenAt" < ? ORDER BY "id"`,
      [showtimeId, seenBefore],
    );
    return rows.map((row) => row.id);
  },

  async overAdmissionIds(sql: Sql, showtimeId: string, now: Date) {
    const rows = await sql.all<{ id: string }>(
      `SELECT "id" FROM "QueueTicket" WHERE "showtimeId" = ? AND "status" = 'admitted' AND "admittedUntil" <= ?`,
      [showtimeId, now],
    );
    return rows.map((row) => row.id);
  },

  /** The heartbeat: a waiting ticket was just seen. */
  async touch(sql: Sql, id: string, now: Date) {
    await sql.run(`UPDATE "QueueTicket" SET "lastSeenAt" = ? WHERE "id" = ? AND "status" = 'waiting'`, [now, id]);
  },
};
