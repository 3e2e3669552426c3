import type { RequestHandler } from 'express';
import { z } from 'zod';
import { callerId, defineRoute, type Authenticator } from '../../http/route';
import { emptyBodySchema, idParamsSchema } from '../../http/schemas';
import type { WaitingRoomService } from './waiting-room.service';
import { queueLogSchema, roomSchema, roomSettingsSchema, ticketSchema } from './waiting-room.schemas';

const ticketParamsSchema = z.strictObject({ ticketId: z.string().min(1).max(64) });

export function waitingRoomRoutes(queue: WaitingRoomService) {
  return [
    defineRoute({
      method: 'put',
      path: '/api/showtimes/:id/waiting-room',
      summary: 'Turn a showtime’s waiting room on or off: opening time, admissions per minute, cap on people shopping at once',
      tags: ['waiting room'],
      access: 'admin',
      params: idParamsSchema,
      body: roomSettingsSchema,
      responses: {
        200: { description: 'The room', schema: z.object({ waitingRoom: roomSchema }) },
        404: { description: 'No such showtime' },
      },
      handler: async ({ params, body }) => ({ status: 200, body: { waitingRoom: await queue.configure(params.id, body) } }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/showtimes/:id/waiting-room',
      summary: 'A showtime’s waiting room: its settings, the seed commitment and how many wait',
      tags: ['waiting room'],
      access: 'public',
      params: idParamsSchema,
      responses: { 200: { description: 'The room', schema: z.object({ waitingRoom: roomSchema }) }, 404: { description: 'No room' } },
      handler: async ({ params }) => ({ status: 200, body: { waitingRoom: await queue.getRoom(params.id) } }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/showtimes/:id/waiting-room/log',
      summary: 'The hash-chained log of the waiting room (set-up, joins, the draw, admissions) and whether it verifies',
      tags: ['waiting room'],
      access: 'public',
      params: idParamsSchema,
      responses: { 200: { description: 'The log', schema: queueLogSchema } },
      handler: async ({ params }) => ({ status: 200, body: await queue.log(params.id) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/showtimes/:id/queue',
      summary: 'Queue in the showtime’s waiting room (your existing ticket if you already queue)',
      tags: ['waiting room'],
      access: 'user',
      params: idParamsSchema,
      body: emptyBodySchema,
      responses: {
        201: { description: 'Queued (or admitted at once)', schema: z.object({ ticket: ticketSchema }) },
        200: { description: 'Your existing ticket', schema: z.object({ ticket: ticketSchema }) },
        404: { description: 'No such showtime, or its room is off' },
      },
      handler: async ({ params, user }) => {
        const { ticket, created } = await queue.join(callerId(user), params.id);
        return { status: created ? 201 : 200, body: { ticket } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/queue/:ticketId',
      summary: 'My ticket: position and ETA, or admittedUntil. Reading it is the heartbeat that keeps the place',
      tags: ['waiting room'],
      access: 'user',
      params: ticketParamsSchema,
      responses: { 200: { description: 'The ticket', schema: z.object({ ticket: ticketSchema }) }, 404: { description: 'Not yours' } },
      handler: async ({ params, user }) => ({ status: 200, body: { ticket: await queue.get(callerId(user), params.ticketId) } }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/queue/:ticketId',
      summary: 'Leave the line, or give an admission back when done: the place goes to the next in line',
      tags: ['waiting room'],
      access: 'user',
      params: ticketParamsSchema,
      body: emptyBodySchema,
      responses: { 204: { description: 'Left' }, 404: { description: 'Not yours' } },
      handler: async ({ params, user }) => {
        await queue.leave(callerId(user), params.ticketId);
        return { status: 204 };
      },
    }),
  ];
}

/**
 * Guards POST /api/showtimes/:id/holds: while the showtime's room is on, only a caller with a live
 * admission gets through (403 NOT_ADMITTED otherwise). An anonymous or bad-token caller passes on, and
 * the holds route answers 401 as it always does.
 */
export function admissionGuard(queue: WaitingRoomService, auth: Authenticator): RequestHandler {
  return async (req, _res, next) => {
    const user = await auth.identify(req).catch(() => undefined);
    const showtimeId = req.params.id;
    if (user && typeof showtimeId === 'string') await queue.requireAdmission(user.id, showtimeId);
    next();
  };
}
