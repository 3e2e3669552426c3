import { z } from 'zod';

import { seatLabelSchema } from '../../http/schemas';

const seatsBodySchema = z.strictObject({ seats: z.array(seatLabelSchema).min(1).max(100) });
/** Best available: the service picks `count` seats (at most MAX_SEATS_PER_HOLD, checked by the use case). */
const countBodySchema = z.strictObject({
  count: z.number().int().min(1).max(100),
  section: z.string().min(1).max(40).optional(),
  accessible: z.boolean().optional(),
});
export const holdBodySchema = z.union([seatsBodySchema, countBodySchema]);
export const bestQuerySchema = z.strictObject({
  count: z.coerce.number().int().min(1).max(100),
  section: z.string().min(1).max(40).optional(),
  accessible: z.enum(['true', 'false']).optional(),
});
/** `?seats=A1,A2`: the seats a person has picked, comma-separated. */
export const orphanQuerySchema = z.strictObject({
  seats: z
    .string()
    .max(400)
    .transform((text) => [...new Set(text.split(','))])
    .pipe(z.array(seatLabelSchema).min(1).max(100)),
});
export const holdWarningSchema = z.object({ code: z.literal('ORPHAN_SEAT'), seats: z.array(z.string()) });
export const purchaseBodySchema = z.union([z.undefined(), z.strictObject({ paymentToken: z.string().min(1).max(255).optional() })]);
export const idempotencyHeadersSchema = z.object({
  'idempotency-key': z.string({ error: 'the Idempotency-Key header is required' }).min(1).max(255),
});

export const holdViewSchema = z.object({
  id: z.string(),
  showtimeId: z.string(),
  seats: z.array(z.string()),
  status: z.enum(['active', 'purchased', 'released', 'expired']),
  expiresAt: z.string(),
  createdAt: z.string(),
  extended: z.boolean(),
  waitlistEntryId: z.string().nullable(),
});
