import { z } from 'zod';
import { ticketViewSchema } from '../tickets';

export const bookingViewSchema = z.object({
  id: z.string(),
  showtimeId: z.string(),
  holdId: z.string(),
  seats: z.array(z.string()),
  totalCents: z.number(),
  status: z.enum(['confirmed', 'cancelled']),
  createdAt: z.string(),
  cancelledAt: z.string().nullable(),
  /** Why the theater cancelled it (the showtime was cancelled); null when the buyer cancelled or it stands. */
  cancelReason: z.string().nullable(),
  /** One per seat; `code` is what the ticket's QR carries (GET /api/bookings/:id/tickets/:ticketId.svg). */
  tickets: z.array(ticketViewSchema),
});
