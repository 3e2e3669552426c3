import type { DbClient } from '../../db/client';

type RawBooking = {
  id: string;
  showtimeId: string;
  userId: string;
  holdId: string;
  seats: string;
  totalCents: number;
  status: string;
  chargeId: string | null;
  createdAt: Date;
  cancelledAt: Date | null;
};
export type BookingRow = Omit<RawBooking, 'seats'> & { seats: string[] };

const toBooking = (row: RawBooking): BookingRow => ({ ...row, seats: JSON.parse(row.seats) as string[] });

export function bookingView(booking: BookingRow) {
  return {
    id: booking.id,
    showtimeId: booking.showtimeId,
    holdId: booking.holdId,
    seats: booking.seats,
    totalCents: booking.totalCents,
    status: booking.status as 'confirmed' | 'cancelled',
    createdAt: booking.createdAt.toISOString(),
    cancelledAt: booking.cancelledAt?.toISOString() ?? null,
  };
}
export type BookingView = ReturnType<typeof bookingView>;

/** holdId is unique: a hold can become at most one booking, whatever races. */
export async function createBooking(
  db: DbClient,
  data: { showtimeId: string; userId: string; holdId: string; seats: string[]; totalCents: number; chargeId: string; createdAt: Date },
) {
  return toBooking(await db.booking.create({ data: { ...data, seats: JSON.stringify(data.seats), status: 'confirmed' } }));
}

/** The booking a hold became, if it became one (a purchase retried under another key answers with it). */
export async function findBookingOfHold(db: DbClient, holdId: string) {
  const row = await db.booking.findUnique({ where: { holdId } });
  return row ? toBooking(row) : undefined;
}

export const bookingsRepository = {
  async findById(db: DbClient, id: string) {
    const row = await db.booking.findUnique({ where: { id } });
    return row ? toBooking(row) : undefined;
  },
  async listOfUser(db: DbClient, userId: string, page: { limit: number; offset: number }) {
    const rows = await db.booking.findMany({
      where: { userId },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: page.limit,
      skip: page.offset,
    });
    return rows.map(toBooking);
  },
  /** Compare-and-set confirmed -> cancelled; false when it was not confirmed any more. */
  async cancel(db: DbClient, id: string, now: Date) {
    const result = await db.booking.updateMany({ where: { id, status: 'confirmed' }, data: { status: 'cancelled', cancelledAt: now } });
    return result.count === 1;
  },
  releaseClaims: (db: DbClient, bookingId: string) => db.seatClaim.deleteMany({ where: { bookingId } }),
};
