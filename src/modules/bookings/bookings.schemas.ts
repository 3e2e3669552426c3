import { z } from 'zod';

export const bookingViewSchema = z.object({
  id: z.string(),
  showtimeId: z.string(),
  holdId: z.string(),
  seats: z.array(z.string()),
  totalCents: z.number(),
  status: z.enum(['confirmed', 'cancelled']),
  createdAt: z.string(),
  cancelledAt: z.string().nullable(),
});
