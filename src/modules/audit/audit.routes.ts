import { z } from 'zod';
import type { Db } from '../../db/client';
import { defineRoute } from '../../http/route';
import { idParamsSchema, seatLabelSchema } from '../../http/schemas';
import { auditRepository } from './audit.repository';

const query = z.strictObject({
  seat: seatLabelSchema.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
const auditEvent = z.object({
  id: z.string(),
  showtimeId: z.string(),
  userId: z.string().nullable(),
  action: z.string(),
  seats: z.array(z.string()),
  holdId: z.string().nullable(),
  bookingId: z.string().nullable(),
  at: z.string(),
});

export function auditRoutes(db: Db) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/admin/showtimes/:id/audit',
      summary: 'Audit trail of a showtime (admin): who held, released, extended, bought, cancelled, and when; filter by seat and time',
      tags: ['admin'],
      access: 'admin',
      params: idParamsSchema,
      query,
      responses: { 200: { description: 'Events, oldest first', schema: z.object({ events: z.array(auditEvent) }) } },
      handler: async ({ params, query: q }) => ({
        status: 200,
        body: {
          events: await auditRepository.list(db, {
            showtimeId: params.id,
            seat: q.seat,
            limit: q.limit,
            from: q.from ? new Date(q.from) : undefined,
            to: q.to ? new Date(q.to) : undefined,
          }),
        },
      }),
    }),
  ];
}
