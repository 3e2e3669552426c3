// Database access for bookings. What runs inside a seat transaction (create, cancel) is plain SQL on
// the transaction's runner, like every seat change; the reads are Prisma model queries. A booking
// carries its tickets (one per seat), issued in the transaction that creates it.
import { v7 as uuidv7 } from 'uuid';
import type { DbClient } from '../../db/client';
import { toDate, type Sql } from '../../db/sql';
import { issueTickets, ticketsOfBookings, type TicketView } from '../tickets';

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
  cancelReason: string | null;
};
export type BookingRow = Omit<RawBooking, 'seats'> & { seats: string[]; tickets: TicketView[] };

const toBooking = (row: RawBooking, tickets: TicketView[]): BookingRow => ({
  id: row.id,
  showtimeId: row.showtimeId,
  userId: row.userId,
  holdId: row.holdId,
  seats: JSON.parse(row.seats) as string[],
  totalCents: Number(row.totalCents),
  status: row.status,
  chargeId: row.chargeId ?? null,
  createdAt: toDate(row.createdAt),
  cancelledAt: row.cancelledAt == null ? null : toDate(row.cancelledAt),
  cancelReason: row.cancelReason ?? null,
  tickets: orderBySeat(tickets, JSON.parse(row.seats) as string[]),
});
/** Tickets in the booking's seat order (C7, C8, …), whatever order the database returned them in. */
const orderBySeat = (tickets: TicketView[], seats: string[]) => [...tickets].sort((a, b) => seats.indexOf(a.seat) - seats.indexOf(b.seat));

/** Bookings with their tickets, read in one query for the lot. */
async function withTickets(db: DbClient, rows: RawBooking[]): Promise<BookingRow[]> {
  const tickets = await ticketsOfBookings(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toBooking(row, tickets.get(row.id) ?? []));
}
const BOOKING = `"id", "showtimeId", "userId", "holdId", "seats", "totalCents", "status", "chargeId", "createdAt", "cancelledAt", "cancelReason"`;

export function toBookingView(booking: BookingRow) {
  return {
    id: booking.id,
    showtimeId: booking.showtimeId,
    holdId: booking.holdId,
    seats: booking.seats,
    totalCents: booking.totalCents,
    status: booking.status as 'confirmed' | 'cancelled',
    createdAt: booking.createdAt.toISOString(),
    cancelledAt: booking.cancelledAt?.toISOString() ?? null,
    /** Set when the theater cancelled it (the showtime was cancelled); null when the buyer did or it stands. */
    cancelReason: booking.cancelReason,
    // Listed for cancelled bookings too (the door answers 410 TICKET_CANCELLED for them).
    tickets: booking.tickets.map((ticket) => ({ id: ticket.id, seat: ticket.seat, code: ticket.code })),
  };
}
export type BookingView = ReturnType<typeof toBookingView>;

/** holdId is unique: a hold can become at most one booking, whatever races. Its tickets commit with it. */
export async function createBooking(
  sql: Sql,
  data: { showtimeId: string; userId: string; holdId: string; seats: string[]; totalCents: number; chargeId: string; createdAt: Date },
) {
  const [row] = await sql.all<RawBooking>(
    `INSERT INTO "Booking" ("id", "showtimeId", "userId", "holdId", "seats", "totalCents", "status", "chargeId", "createdAt")
     VALUES (?, ?, ?, ?, ?, ?, 'confirmed', ?, ?) RETURNING ${BOOKING}`,
    [uuidv7(), data.showtimeId, data.userId, data.holdId, JSON.stringify(data.seats), data.totalCents, data.chargeId, data.createdAt],
  );
  const booking = row as RawBooking;
  return toBooking(booking, await issueTickets(sql, { ...data, id: booking.id }));
}

/** The booking a hold became, if it became one (a purchase retried under another key answers with it). */
export async function findBookingOfHold(db: DbClient, holdId: string) {
  const row = await db.booking.findUnique({ where: { holdId } });
  return row ? (await withTickets(db, [row]))[0] : undefined;
}

export const bookingsRepository = {
  async findById(db: DbClient, id: string) {
    const row = await db.booking.findUnique({ where: { id } });
    return row ? (await withTickets(db, [row]))[0] : undefined;
  },
  async listOfUser(db: DbClient, userId: string, page: { limit: number; offset: number }) {
    const rows = await db.booking.findMany({
      where: { userId },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: page.limit,
      skip: page.offset,
    });
    return withTickets(db, rows);
  },
  /** Compare-and-set confirmed -> cancelled; false when it was not confirmed any more. */
  async cancel(sql: Sql, id: string, now: Date) {
    return (
      (await sql.run(`UPDATE "Booking" SET "status" = 'cancelled', "cancelledAt" = ? WHERE "id" = ? AND "status" = 'confirmed'`, [
        now,
        id,
      ])) === 1
    );
  },
};
