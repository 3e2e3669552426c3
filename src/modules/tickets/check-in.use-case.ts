// Check a ticket in at the door, exactly once:
//   1. find the ticket by its code (with its booking's status) -> unknown code: 404;
//   2. the door said which showtime it serves and this ticket is for another -> 409 WRONG_SHOWTIME;
//   3. its booking is cancelled -> 410 TICKET_CANCELLED;
//   4. one conditional UPDATE sets checkedInAt if it is still empty: the scan that changes the row is
//      admitted (and audited in the same transaction); every other scan reads the row again and answers
//      409 ALREADY_CHECKED_IN with the first scan's time.
// Two doors scanning one code at the same moment cannot both win: the database, not this code, decides.
import { AppError, notFound } from '../../lib/errors';
import type { Clock } from '../../lib/clock';
import type { SqlDatabase } from '../../db/sql';
import { auditRepository } from '../audit';
import { ticketsRepository, type DoorTicket } from './tickets.repository';
import { normalizeTicketCode } from './ticket-code';

export type CheckInDeps = { sql: SqlDatabase; clock: Clock };
export type CheckInRequest = { staffId: string; code: string; showtimeId?: string };

type Outcome = { kind: 'unknown' } | { kind: 'wrong-showtime' | 'cancelled' | 'already' | 'admitted'; ticket: DoorTicket };

export function toCheckInView(ticket: DoorTicket) {
  return { id: ticket.id, seat: ticket.seat, showtimeId: ticket.showtimeId, checkedInAt: ticket.checkedInAt?.toISOString() ?? null };
}

export async function checkInTicket(deps: CheckInDeps, request: CheckInRequest) {
  const code = normalizeTicketCode(request.code);
  const outcome = await deps.sql.transaction(async (sql): Promise<Outcome> => {
    const ticket = await ticketsRepository.findByCode(sql, code);
    if (!ticket) return { kind: 'unknown' };
    if (request.showtimeId !== undefined && ticket.showtimeId !== request.showtimeId) return { kind: 'wrong-showtime', ticket };
    if (ticket.bookingStatus !== 'confirmed') return { kind: 'cancelled', ticket };
    const now = deps.clock.now();
    if (await ticketsRepository.markCheckedIn(sql, ticket.id, now, request.staffId)) {
      await auditRepository.record(sql, [
        {
          showtimeId: ticket.showtimeId,
          userId: request.staffId,
          action: 'ticket.checked_in',
          seats: [ticket.seat],
          bookingId: ticket.bookingId,
          at: now,
        },
      ]);
      return { kind: 'admitted', ticket: { ...ticket, checkedInAt: now } };
    }
    // Another scan won (or the booking was cancelled in between): read what the database holds now.
    const current = (await ticketsRepository.findByCode(sql, code)) ?? ticket;
    return { kind: current.checkedInAt ? 'already' : 'cancelled', ticket: current };
  });

  switch (outcome.kind) {
    case 'unknown':
      throw notFound('Ticket');
    case 'wrong-showtime':
      throw new AppError('WRONG_SHOWTIME', `This ticket is for another showtime (seat ${outcome.ticket.seat})`, {
        showtimeId: outcome.ticket.showtimeId,
        seat: outcome.ticket.seat,
      });
    case 'cancelled':
      throw new AppError('TICKET_CANCELLED', `The booking of this ticket (seat ${outcome.ticket.seat}) was cancelled`, {
        seat: outcome.ticket.seat,
      });
    case 'already':
      throw new AppError('ALREADY_CHECKED_IN', `This ticket (seat ${outcome.ticket.seat}) was already checked in`, {
        checkedInAt: outcome.ticket.checkedInAt?.toISOString(),
        seat: outcome.ticket.seat,
      });
    case 'admitted':
      return toCheckInView(outcome.ticket);
  }
}
