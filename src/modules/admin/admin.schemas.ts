import { z } from 'zod';

export const statsView = z.object({
  activeHolds: z.number().int(),
  waitlistWaiting: z.array(z.object({ showtimeId: z.string(), waiting: z.number().int() })),
  bookingsToday: z.number().int(),
  cache: z.object({ hits: z.number(), misses: z.number(), hitRatio: z.number(), keys: z.number() }),
  rateLimitRejections: z.record(z.string(), z.number()),
  connectedSockets: z.number(),
});

export type Stats = z.infer<typeof statsView>;
