import type { DbClient } from '../../db/client';

/** Counts for the admin dashboard, straight from the tables (never from a cache). */
export function createAdminRepository(db: DbClient) {
  return {
    countActiveHolds: (now: Date) => db.hold.count({ where: { status: 'active', expiresAt: { gt: now } } }),
    async countWaitingByShowtime() {
      const groups = await db.waitlistEntry.groupBy({
        by: ['showtimeId'],
        where: { status: 'waiting' },
        _count: { _all: true },
        orderBy: { showtimeId: 'asc' },
      });
      return groups.map((group) => ({ showtimeId: group.showtimeId, waiting: group._count._all }));
    },
    countConfirmedBookingsBetween: (from: Date, to: Date) =>
      db.booking.count({ where: { status: 'confirmed', createdAt: { gte: from, lt: to } } }),
  };
}

export type AdminRepository = ReturnType<typeof createAdminRepository>;
