import type { RequestHandler } from 'express';
import { z } from 'zod';
import { callerId, defineRoute } from '../../http/route';
import type { HoldsService } from './holds.service';
import { emptyBodySchema, idParamsSchema } from '../../http/schemas';
import { bookingViewSchema } from '../bookings';
import {
  bestQuerySchema,
  holdBodySchema,
  holdViewSchema,
  holdWarningSchema,
  idempotencyHeadersSchema,
  orphanQuerySchema,
  purchaseBodySchema,
} from './holds.schemas';

export type HoldLimiters = { holds: RequestHandler[]; holdCycles: RequestHandler[] };

export function holdsRoutes(holds: HoldsService, limiters: HoldLimiters = { holds: [], holdCycles: [] }) {
  return [
    defineRoute({
      method: 'post',
      path: '/api/showtimes/:id/holds',
      summary: 'Hold seats (all or nothing) for HOLD_TTL_SECONDS: the listed {seats}, or the best {count} free ones',
      tags: ['holds'],
      access: 'user',
      params: idParamsSchema,
      body: holdBodySchema,
      before: [...limiters.holds, ...limiters.holdCycles],
      responses: {
        201: {
          description: 'Held; `warnings` (orphan rule "warn") names seats the hand-picked choice leaves alone',
          schema: z.object({ hold: holdViewSchema, warnings: z.array(holdWarningSchema).optional() }),
        },
        404: { description: 'No such showtime' },
        409: {
          description:
            'SEATS_UNAVAILABLE (details.seats), NO_SEATS_TOGETHER, ORPHAN_SEAT (details.seats), HOLD_LIMIT_EXCEEDED or SHOWTIME_STARTED',
        },
      },
      handler: async ({ params, body, user }) => {
        const { hold, warnings } = await holds.hold(callerId(user), params.id, body);
        return { status: 201, body: warnings.length > 0 ? { hold, warnings } : { hold } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/showtimes/:id/best',
      summary: 'The seats a hold by count would pick now (holds nothing)',
      tags: ['holds'],
      access: 'public',
      params: idParamsSchema,
      query: bestQuerySchema,
      responses: {
        200: { description: 'The best free seats', schema: z.object({ seats: z.array(z.string()) }) },
        404: { description: 'No such showtime' },
        409: { description: 'NO_SEATS_TOGETHER or SEATS_UNAVAILABLE' },
      },
      handler: async ({ params, query }) => {
        const request = { count: query.count, section: query.section, accessible: query.accessible === 'true' ? true : undefined };
        return { status: 200, body: { seats: await holds.previewBest(params.id, request) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/showtimes/:id/orphans',
      summary: "Which seats holding these would leave alone, and the room's orphan rule (holds nothing)",
      tags: ['holds'],
      access: 'public',
      params: idParamsSchema,
      query: orphanQuerySchema,
      responses: {
        200: {
          description: 'The seats left alone (empty if none) and the rule: off, warn or enforce',
          schema: z.object({ rule: z.enum(['off', 'warn', 'enforce']), stranded: z.array(z.string()) }),
        },
        404: { description: 'No such showtime' },
      },
      handler: async ({ params, query }) => ({ status: 200, body: await holds.previewOrphans(params.id, query.seats) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/holds',
      summary: 'My active holds',
      tags: ['holds'],
      access: 'user',
      responses: { 200: { description: 'Active holds', schema: z.object({ holds: z.array(holdViewSchema) }) } },
      handler: async ({ user }) => ({ status: 200, body: { holds: await holds.listMine(callerId(user)) } }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/holds/:id',
      summary: 'One of my holds',
      tags: ['holds'],
      access: 'user',
      params: idParamsSchema,
      responses: {
        200: { description: 'The hold', schema: z.object({ hold: holdViewSchema }) },
        404: { description: 'Not found or not yours' },
      },
      handler: async ({ params, user }) => ({ status: 200, body: { hold: await holds.get(callerId(user), params.id) } }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/holds/:id',
      summary: 'Release a hold: its seats are free at once (waitlist first)',
      tags: ['holds'],
      access: 'user',
      params: idParamsSchema,
      body: emptyBodySchema,
      responses: { 204: { description: 'Released' }, 404: { description: 'Not found or not yours' }, 410: { description: 'HOLD_EXPIRED' } },
      handler: async ({ params, user }) => {
        await holds.release(callerId(user), params.id);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/holds/:id/extend',
      summary: 'Extend a hold once by HOLD_EXTEND_SECONDS',
      tags: ['holds'],
      access: 'user',
      params: idParamsSchema,
      body: emptyBodySchema,
      before: limiters.holds,
      responses: {
        200: { description: 'Extended', schema: z.object({ hold: holdViewSchema }) },
        409: { description: 'ALREADY_EXTENDED or HOLD_NOT_ACTIVE' },
        410: { description: 'HOLD_EXPIRED' },
      },
      handler: async ({ params, user }) => ({ status: 200, body: { hold: await holds.extend(callerId(user), params.id) } }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/holds/:id/purchase',
      summary: 'Buy the seats of a hold (Idempotency-Key required)',
      tags: ['holds'],
      access: 'user',
      params: idParamsSchema,
      headers: idempotencyHeadersSchema,
      body: purchaseBodySchema,
      before: limiters.holds,
      responses: {
        201: { description: 'Booked (Idempotent-Replayed: true when answered before)', schema: z.object({ booking: bookingViewSchema }) },
        402: { description: 'PAYMENT_DECLINED: the hold stays active' },
        409: { description: 'IDEMPOTENCY_IN_PROGRESS or HOLD_NOT_ACTIVE' },
        410: { description: 'HOLD_EXPIRED: the seats were released, not sold' },
        422: { description: 'IDEMPOTENCY_KEY_REUSED' },
      },
      handler: async ({ params, headers, body, user }) => {
        const { booking, replayed } = await holds.purchase(
          callerId(user),
          params.id,
          headers['idempotency-key'],
          body?.paymentToken ?? 'tok_demo',
        );
        return { status: 201, body: { booking }, headers: replayed ? { 'Idempotent-Replayed': 'true' } : undefined };
      },
    }),
  ];
}
