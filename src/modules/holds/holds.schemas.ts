import { z } from 'zod';

export const seatLabel = z.string().regex(/^[A-Z]{1,2}[1-9]\d{0,2}$/, 'a seat label like C7');
export const holdBody = z.strictObject({ seats: z.array(seatLabel).min(1).max(100) });
export const showtimeParams = z.strictObject({ id: z.string().min(1).max(64) });
export const holdParams = z.strictObject({ id: z.string().min(1).max(64) });
/** Endpoints without a body accept none, or an empty JSON object. */
export const emptyBody = z.union([z.undefined(), z.strictObject({})]);
export const purchaseBody = z.union([z.undefined(), z.strictObject({ paymentToken: z.string().min(1).max(255).optional() })]);
export const idempotencyHeaders = z.object({
  'idempotency-key': z.string({ error: 'the Idempotency-Key header is required' }).min(1).max(255),
});

export const holdView = z.object({
  id: z.string(),
  showtimeId: z.string(),
  seats: z.array(z.string()),
  status: z.enum(['active', 'purchased', 'released', 'expired']),
  expiresAt: z.string(),
  createdAt: z.string(),
  extended: z.boolean(),
  waitlistEntryId: z.string().nullable(),
});
export const bookingView = z.object({
  id: z.string(),
  showtimeId: z.string(),
  holdId: z.string(),
  seats: z.array(z.string()),
  totalCents: z.number(),
  status: z.enum(['confirmed', 'cancelled']),
  createdAt: z.string(),
  cancelledAt: z.string().nullable(),
});
