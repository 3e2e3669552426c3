// Tickets outside the purchase: the QR image of one (its owner only; anyone else gets the same 404 as
// for a ticket that does not exist), the door's check-in, and the door's count of admitted vs sold.
import QRCode from 'qrcode';
import type { Db } from '../../db/client';
import { notFound } from '../../lib/errors';
import type { CatalogService } from '../catalog';
import { checkInTicket, type CheckInDeps, type CheckInRequest } from './check-in.use-case';
import { ticketsRepository } from './tickets.repository';

type Deps = CheckInDeps & { db: Db; catalog: CatalogService };

export function createTicketsService(deps: Deps) {
  return {
    /** The ticket's QR code as an SVG document; the QR carries the code and nothing else. */
    async qrSvg(userId: string, bookingId: string, ticketId: string): Promise<string> {
      const ticket = await ticketsRepository.findOwn(deps.db, { ticketId, bookingId, userId });
      if (!ticket) throw notFound('Ticket');
      // Level M survives a scratched screen or a crease (15% of the code); margin 4 is the standard quiet zone.
      return QRCode.toString(ticket.code, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
    },

    checkIn: (request: CheckInRequest) => checkInTicket(deps, request),

    /** 404 for an unknown showtime, so a typo in the door's showtime is not read as "nobody came". */
    async admissions(showtimeId: string) {
      await deps.catalog.getShowtime(showtimeId);
      return { showtimeId, ...(await ticketsRepository.admissions(deps.sql, showtimeId)) };
    },
  };
}

export type TicketsService = ReturnType<typeof createTicketsService>;
