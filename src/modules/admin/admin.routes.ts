import { z } from 'zod';
import { callerId, defineRoute } from '../../http/route';
import { idParamsSchema } from '../../http/schemas';
import { cancelShowtimeBody, showtimePatchBody, showtimeView } from '../catalog';
import { statsViewSchema } from './admin.schemas';
import { reportQuerySchema, reportViewSchema } from './reports.schemas';
import type { AdminService } from './admin.service';

export function adminRoutes(admin: AdminService) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/admin/stats',
      summary: 'Live numbers: active holds, waitlists, bookings today, cache, rate limits, sockets (admin)',
      tags: ['admin'],
      access: 'admin',
      responses: { 200: { description: 'Stats', schema: statsViewSchema } },
      handler: async () => ({ status: 200, body: await admin.getStats(), headers: { 'Cache-Control': 'no-store' } }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/reports',
      summary:
        'Sales (admin): per showtime sold / held / free seats with percentages and revenue, and totals per day (UTC) and per film. ' +
        'Filter by start time with from/to (a date or a moment). Money is integer cents of `currency`.',
      tags: ['admin'],
      access: 'admin',
      query: reportQuerySchema,
      responses: { 200: { description: 'The report', schema: reportViewSchema } },
      handler: async ({ query }) => ({ status: 200, body: await admin.report(query), headers: { 'Cache-Control': 'no-store' } }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/showtimes/:id/cancel',
      summary:
        'Cancel a showtime (admin): its bookings are cancelled with the reason, holds released, waitlist closed, and every ' +
        'affected user gets a `showtime:cancelled` socket event. Safe to repeat: a second call changes nothing',
      tags: ['admin'],
      access: 'admin',
      params: idParamsSchema,
      body: cancelShowtimeBody,
      responses: {
        200: {
          description: 'Cancelled (or already cancelled: alreadyCancelled true, nothing ended)',
          schema: z.object({
            showtime: showtimeView,
            alreadyCancelled: z.boolean(),
            ended: z.object({ bookings: z.number(), holds: z.number(), waitlistEntries: z.number(), usersNotified: z.number() }),
          }),
        },
        404: { description: 'No such showtime' },
      },
      handler: async ({ user, params, body }) => {
        const reason = body?.reason ?? 'The showtime was cancelled by the theater';
        return { status: 200, body: await admin.cancelShowtime(callerId(user), params.id, reason) };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/showtimes/:id',
      summary:
        'Move a showtime to a new start (admin); everyone holding, owning or waiting for its seats gets a `showtime:changed` socket event',
      tags: ['catalog'],
      access: 'admin',
      params: idParamsSchema,
      body: showtimePatchBody,
      responses: {
        200: { description: 'Moved', schema: z.object({ showtime: showtimeView, usersNotified: z.number() }) },
        404: { description: 'No such showtime' },
        409: { description: 'SHOWTIME_OVERLAP (the room is busy then), SHOWTIME_CANCELLED or SHOWTIME_STARTED' },
      },
      handler: async ({ user, params, body }) => ({
        status: 200,
        body: await admin.moveShowtime(callerId(user), params.id, new Date(body.startsAt)),
      }),
    }),
  ];
}
