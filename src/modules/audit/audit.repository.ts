// The audit trail: who did what to which seats and when. Rows are written inside the same transaction
// as the change they describe, so the trail never disagrees with the seats.
import { randomUUID } from 'node:crypto';
import { Prisma, type DbClient } from '../../db/client';

export type AuditAction =
  | 'hold.created' | 'hold.released' | 'hold.expired' | 'hold.extended'
  | 'booking.confirmed' | 'booking.cancelled' | 'waitlist.offered';

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
  /** Plain SQL, the same on SQLite and Postgres: it runs in every seat change. */
  async record(db: DbClient, entries: AuditInput[]) {
    if (entries.length === 0) return;
    const rows = entries.map(
      (entry) => Prisma.sql`(${randomUUID()}, ${entry.showtimeId}, ${entry.userId}, ${entry.action}, ${JSON.stringify(entry.seats)},
        ${entry.holdId ?? null}, ${entry.bookingId ?? null}, ${entry.at})`,
    );
    await db.$executeRaw`
      INSERT INTO "AuditEvent" ("id", "showtimeId", "userId", "action", "seats", "holdId", "bookingId", "at") VALUES ${Prisma.join(rows)}`;
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
