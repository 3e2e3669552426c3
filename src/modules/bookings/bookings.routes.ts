import { z } from 'zod';
import { callerId, defineRoute } from '../../http/route';
import type { BookingsService } from './bookings.service';
import { emptyBodySchema, idParamsSchema } from '../../http/schemas';
import { bookingViewSchema } from './bookings.schemas';

const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});

export function bookingsRoutes(bookings: BookingsService) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/bookings',
      summary: 'My bookings, newest first',
      tags: ['bookings'],
      access: 'user',
      query: listQuery,
      responses: { 200: { description: 'Bookings', schema: z.object({ bookings: z.array(bookingViewSchema) }) } },
      handler: async ({ user, query }) => ({ status: 200, body: { bookings: await bookings.list(callerId(user), query) } }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/bookings/:id',
      summary: 'One of my bookings',
      tags: ['bookings'],
      access: 'user',
      params: idParamsSchema,
      responses: {
        200: { description: 'The booking', schema: z.object({ booking: bookingViewSchema }) },
        404: { description: 'Not found or not yours' },
      },
      handler: async ({ user, params }) => ({ status: 200, body: { booking: await bookings.get(callerId(user), params.id) } }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/bookings/:id/cancel',
      summary: 'Cancel a booking before the showtime starts; seats are freed (waitlist first)',
      tags: ['bookings'],
      access: 'user',
      params: idParamsSchema,
      body: emptyBodySchema,
      responses: {
        200: { description: 'Cancelled', schema: z.object({ booking: bookingViewSchema }) },
        404: { description: 'Not found or not yours' },
        409: { description: 'SHOWTIME_STARTED' },
      },
      handler: async ({ user, params }) => ({ status: 200, body: { booking: await bookings.cancel(callerId(user), params.id) } }),
    }),
  ];
}
