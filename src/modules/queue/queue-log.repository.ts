// Database access for the waiting room's hash-chained log (queue-log.ts): append inside the transaction
// that locked the room, so two writers can never fork the chain (the primary key backs it).
import { toDate, type Sql } from '../../db/sql';
import type { QueueLogRecord, QueueLogType } from './queue-log';

export const queueLogRepository = {
  async lastLogRecord(sql: Sql, showtimeId: string) {
    const [row] = await sql.all<{ seq: number | string; hash: string }>(
      `SELECT "seq", "hash" FROM "QueueLogRecord" WHERE "showtimeId" = ? ORDER BY "seq" DESC LIMIT 1`,
      [showtimeId],
    );
    return row ? { seq: Number(row.seq), hash: row.hash } : undefined;
  },

  async appendLog(sql: Sql, record: QueueLogRecord) {
    await sql.run(
      `INSERT INTO "QueueLogRecord" ("showtimeId", "seq", "at", "type", "data", "prevHash", "hash") VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [record.showtimeId, record.seq, new Date(record.at), record.type, record.data, record.prevHash, record.hash],
    );
  },

  async listLog(sql: Sql, showtimeId: string): Promise<QueueLogRecord[]> {
    const rows = await sql.all<Record<string, unknown>>(
      `SELECT "showtimeId", "seq", "at", "type", "data", "prevHash", "hash" FROM "QueueLogRecord" WHERE "showtimeId" = ? ORDER BY "seq"`,
      [showtimeId],
    );
    return rows.map((row) => ({
      showtimeId: String(row.showtimeId),
      seq: Number(row.seq),
      at: toDate(row.at).toISOString(),
      type: row.type as QueueLogType,
      data: String(row.data),
      prevHash: String(row.prevHash),
      hash: String(row.hash),
    }));
  },
};
