import { z } from 'zod';

export const statsViewSchema = z.object({
  activeHolds: z.number().int(),
  waitlistWaiting: z.array(z.object({ showtimeId: z.string(), waiting: z.number().int() })),
  bookingsToday: z.number().int(),
  cache: z.object({ hits: z.number(), misses: z.number(), hitRatio: z.number(), keys: z.number() }),
  rateLimitRejections: z.record(z.string(), z.number()),
  connectedSockets: z.number(),
  /** Only when read replicas are configured: each one's lag and whether reads go to it. */
  replicas: z
    .array(
      z.object({
        name: z.string(),
        inRotation: z.boolean(),
        up: z.boolean(),
        lagBytes: z.number().nullable(),
        lagSeconds: z.number().nullable(),
        replayLsn: z.string().nullable(),
      }),
    )
    .optional(),
});

export type Stats = z.infer<typeof statsViewSchema>;
