import { z } from 'zod';

import { seatLabelSchema } from '../../http/schemas';

export const holdBodySchema = z.strictObject({ seats: z.array(seatLabelSchema).min(1).max(100) });
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
