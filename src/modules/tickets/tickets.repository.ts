// Database access for tickets. Issuing runs inside the purchase's seat transaction (plain SQL on its
// runner, like the booking it belongs to); check-in is one conditional UPDATE, so the database lets
// exactly one scan of a code win. A ticket is void when its booking is cancelled: the door reads the
// booking's status in the same statement instead of keeping a second copy of it here.
import { v7 as uuidv7 } from 'uuid';
import type { DbClient } from '../../db/client';
import { marks, toDate, type Sql } from '../../db/sql';
import { newTicketCode } from './ticket-code';

/** A ticket as the owner sees it in a booking. */
export type TicketView = { id: string; seat: string; code: string };
/** A ticket as the door sees it. */
export type DoorTicket = {
  id: string;
  seat: string;
  showtimeId: string;
  bookingId: string;
  bookingStatus: string;
  checkedInAt: Date | null;
};

type RawDoorTicket = Omit<DoorTicket, 'checkedInAt'> & { checkedInAt: Date | string | null };
const toDoorTicket = (row: RawDoorTicket): DoorTicket => ({
  id: row.id,
  seat: row.seat,
  showtimeId: row.showtimeId,
  bookingId: row.bookingId,
  bookingStatus: row.bookingStatus,
  checkedInAt: row.checkedInAt == null ? null : toDate(row.checkedInAt),
});

/**
 * One ticket per seat of a booking that is being confirmed, on the transaction `sql` that confirms it:
 * a confirmed booking never exists without its tickets. The unique code index refuses a repeated code.
 */
export async function issueTickets(
  sql: Sql,
  booking: { id: string; showtimeId: string; userId: string; seats: string[]; createdAt: Date },
): Promise<TicketView[]> {
  const tickets = booking.seats.map((seat) => ({ id: uuidv7(), seat, code: newTicketCode() }));
  if (tickets.length === 0) return [];
  await sql.run(
    `INSERT INTO "Ticket" ("id", "bookingId", "showtimeId", "userId", "seat", "code", "createdAt")
     VALUES ${marks(tickets.length, '(?, ?, ?, ?, ?, ?, ?)')}`,
    tickets.flatMap((ticket) => [ticket.id, booking.id, booking.showtimeId, booking.userId, ticket.seat, ticket.code, booking.createdAt]),
  );
  return tickets;
}

/** The tickets of some bookings, by booking id. */
export async function ticketsOfBookings(db: DbClient, bookingIds: string[]): Promise<Map<string, TicketView[]>> {
  const byBooking = new Map<string, TicketView[]>(bookingIds.map((id) => [id, []]));
  if (bookingIds.length === 0) return byBooking;
  const rows = await db.ticket.findMany({
    where: { bookingId: { in: bookingIds } },
    select: { id: true, bookingId: true, seat: true, code: true },
    orderBy: { id: 'asc' },
  });
  for (const row of rows) byBooking.get(row.bookingId)?.push({ id: row.id, seat: row.seat, code: row.code });
  return byBooking;
}

const DOOR_TICKET = `t."id", t."seat", t."showtimeId", t."bookingId", b."status" AS "bookingStatus", t."checkedInAt"`;

export const ticketsRepository = {
  /** The ticket only if it is in that booking and the booking is the caller's; else undefined (a 404). */
  async findOwn(db: DbClient, where: { ticketId: string; bookingId: string; userId: string }) {
    const row = await db.ticket.findFirst({
      where: { id: where.ticketId, bookingId: where.bookingId, userId: where.userId },
      select: { id: true, seat: true, code: true },
    });
    return row ?? undefined;
  },

  async findByCode(sql: Sql, code: string): Promise<DoorTicket | undefined> {
    const [row] = await sql.all<RawDoorTicket>(
      `SELECT ${DOOR_TICKET} FROM "Ticket" t JOIN "Booking" b ON b."id" = t."bookingId" WHERE t."code" = ?`,
      [code],
    );
    return row ? toDoorTicket(row) : undefined;
  },

  /**
   * Compare-and-set "not checked in" -> checked in at `at`, only while the booking is confirmed. Two
   * scans of one code at the same moment both run this; the database applies them one after the other
   * (a row lock on Postgres, the single writer on SQLite) and the second finds "checkedInAt" set, so it
   * changes nothing. True for the one scan that won.
   */
  async markCheckedIn(sql: Sql, ticketId: string, at: Date, by: string): Promise<boolean> {
    const changed = await sql.run(
      `UPDATE "Ticket" SET "checkedInAt" = ?, "checkedInBy" = ?
       WHERE "id" = ? AND "checkedInAt" IS NULL
         AND EXISTS (SELECT 1 FROM "Booking" b WHERE b."id" = "Ticket"."bookingId" AND b."status" = 'confirmed')`,
      [at, by, ticketId],
    );
    return changed === 1;
  },

  /** Tickets of confirmed bookings for a showtime (sold) and how many of them came in (admitted). */
  async admissions(sql: Sql, showtimeId: string) {
    const [row] = await sql.all<{ sold: number | string; admitted: number | string | null }>(
      `SELECT COUNT(*) AS "sold", COUNT(t."checkedInAt") AS "admitted"
       FROM "Ticket" t JOIN "Booking" b ON b."id" = t."bookingId"
       WHERE t."showtimeId" = ? AND b."status" = 'confirmed'`,
      [showtimeId],
    );
    return { sold: Number(row?.sold ?? 0), admitted: Number(row?.admitted ?? 0) };
  },
};
