import { z } from 'zod';
import { callerId, defineRoute } from '../../http/route';
import { emptyBodySchema, idParamsSchema } from '../../http/schemas';
import type { WaitlistService } from './waitlist.service';
import { entrySchema, joinBodySchema, logSchema } from './waitlist.schemas';

export function waitlistRoutes(waitlist: WaitlistService) {
  return [
    defineRoute({
      method: 'post',
      path: '/api/showtimes/:id/waitlist',
      summary: 'Join the FIFO waitlist of a sold-out showtime',
      tags: ['waitlist'],
      access: 'user',
      params: idParamsSchema,
      body: joinBodySchema,
      responses: {
        201: { description: 'Waiting', schema: z.object({ entry: entrySchema }) },
        404: { description: 'No such showtime' },
        409: { description: 'SEATS_AVAILABLE (hold them instead), ALREADY_WAITLISTED, HOLD_LIMIT_EXCEEDED or SHOWTIME_STARTED' },
      },
      handler: async ({ params, body, user }) => ({ status: 201, body: { entry: await waitlist.join(callerId(user), params.id, body) } }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/showtimes/:id/waitlist/log',
      summary: 'The hash-chained fairness log of the waitlist',
      tags: ['waitlist'],
      access: 'public',
      params: idParamsSchema,
      responses: { 200: { description: 'The log and whether it verifies', schema: logSchema }, 404: { description: 'No such showtime' } },
      handler: async ({ params }) => ({ status: 200, body: await waitlist.log(params.id) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/waitlist/:id',
      summary: 'One of my waitlist entries, with its place or its offer',
      tags: ['waitlist'],
      access: 'user',
      params: idParamsSchema,
      responses: {
        200: { description: 'The entry', schema: z.object({ entry: entrySchema }) },
        404: { description: 'Not found or not yours' },
      },
      handler: async ({ params, user }) => ({ status: 200, body: { entry: await waitlist.get(callerId(user), params.id) } }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/waitlist/:id',
      summary: 'Leave the waitlist; an open offer is declined and passes on',
      tags: ['waitlist'],
      access: 'user',
      params: idParamsSchema,
      body: emptyBodySchema,
      responses: { 204: { description: 'Left' }, 404: { description: 'Not found or not yours' } },
      handler: async ({ params, user }) => {
        await waitlist.leave(callerId(user), params.id);
        return { status: 204 };
      },
    }),
  ];
}
