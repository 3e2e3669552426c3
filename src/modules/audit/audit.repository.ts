// The audit trail: who did what to which seats and when. Rows are written inside the same transaction
// as the change they describe, so the trail never disagrees with the seats.
import { v7 as uuidv7 } from 'uuid';
import type { DbClient } from '../../db/client';
import { marks, type Sql } from '../../db/sql';

export type AuditAction =
  | 'hold.created'
  | 'hold.released'
  | 'hold.expired'
  | 'hold.extended'
  | 'booking.confirmed'
  | 'booking.cancelled'
  | 'waitlist.offered'
  | 'waitlist.closed'
  | 'showtime.cancelled'
  | 'showtime.moved'
  | 'ticket.checked_in';

export type AuditInput = {
  showtimeId: string;
  userId: string | null;
  action: AuditAction;
  seats: string[];
  holdId?: string;
  bookingId?: string;
  at: Date;
};

export const auditRepository = {
  /** Plain SQL (src/db/sql.ts): it runs in every seat change. */
  async record(sql: Sql, entries: AuditInput[]) {
    // 500 rows (4,000 bound values) per statement: an expiry batch in one, under both drivers' limits.
    for (let i = 0; i < entries.length; i += 500) {
      const slice = entries.slice(i, i + 500);
      await sql.run(
        `INSERT INTO "AuditEvent" ("id", "showtimeId", "userId", "action", "seats", "holdId", "bookingId", "at")
         VALUES ${marks(slice.length, '(?, ?, ?, ?, ?, ?, ?, ?)')}`,
        slice.flatMap((entry) => [
          uuidv7(),
          entry.showtimeId,
          entry.userId,
          entry.action,
          JSON.stringify(entry.seats),
          entry.holdId ?? null,
          entry.bookingId ?? null,
          entry.at,
        ]),
      );
    }
  },

  async list(db: DbClient, filter: { showtimeId: string; seat?: string; from?: Date; to?: Date; limit: number }) {
    const rows = await db.auditEvent.findMany({
      where: {
        showtimeId: filter.showtimeId,
        seats: filter.seat ? { contains: `"${filter.seat}"` } : undefined,
        at: { gte: filter.from, lte: filter.to },
      },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
      take: filter.limit,
    });
    return rows.map((row) => ({ ...row, seats: JSON.parse(row.seats) as string[], at: row.at.toISOString() }));
  },
};
