// The audit trail: who did what to which seats and when. Rows are written inside the same transaction
// as the change they describe, so the trail never disagrees with the seats.
import type { DbClient } from '../../db/client';

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
  record: (db: DbClient, entries: AuditInput[]) =>
    db.auditEvent.createMany({ data: entries.map((entry) => ({ ...entry, seats: JSON.stringify(entry.seats) })) }),

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
