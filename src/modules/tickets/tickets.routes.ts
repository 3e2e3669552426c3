import { callerId, defineRoute } from '../../http/route';
import { idParamsSchema } from '../../http/schemas';
import type { TicketsService } from './tickets.service';
import { admissionsSchema, checkInBodySchema, checkInResponseSchema, ticketParamsSchema } from './tickets.schemas';

export function ticketsRoutes(tickets: TicketsService) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/bookings/:id/tickets/:ticketId.svg',
      summary: "A ticket's QR code (image/svg+xml), for the booking's owner; the QR carries the ticket's code",
      tags: ['tickets'],
      access: 'user',
      params: ticketParamsSchema,
      responses: {
        200: { description: 'An SVG image (Content-Type image/svg+xml)' },
        404: { description: 'Not found or not yours' },
      },
      handler: async ({ user, params }) => ({
        status: 200,
        headers: { 'Content-Type': 'image/svg+xml; charset=utf-8', 'Cache-Control': 'private, no-store' },
        body: Buffer.from(await tickets.qrSvg(callerId(user), params.id, params.ticketId), 'utf8'),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/checkin',
      summary: 'Check a ticket in at the door (staff or admin); exactly once per ticket, however many doors scan it',
      tags: ['tickets'],
      access: 'staff',
      body: checkInBodySchema,
      responses: {
        200: { description: 'Admitted', schema: checkInResponseSchema },
        404: { description: 'No ticket has this code (NOT_FOUND)' },
        409: { description: 'ALREADY_CHECKED_IN (details.checkedInAt: the first scan) or WRONG_SHOWTIME' },
        410: { description: 'TICKET_CANCELLED: its booking was cancelled' },
      },
      handler: async ({ user, body }) => ({
        status: 200,
        body: { ticket: await tickets.checkIn({ staffId: callerId(user), code: body.code, showtimeId: body.showtimeId }) },
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/showtimes/:id/checkins',
      summary: "A showtime's door count (staff or admin): tickets admitted and tickets sold (of confirmed bookings)",
      tags: ['tickets'],
      access: 'staff',
      params: idParamsSchema,
      responses: { 200: { description: 'Counts', schema: admissionsSchema }, 404: { description: 'No such showtime' } },
      handler: async ({ params }) => ({ status: 200, body: await tickets.admissions(params.id) }),
    }),
  ];
}
