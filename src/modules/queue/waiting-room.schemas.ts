import { z } from 'zod';

const isoDate = z.iso.datetime({ offset: true }).max(40);

export const roomSettingsSchema = z.strictObject({
  enabled: z.boolean(),
  opensAt: isoDate.optional(),
  admitPerMinute: z.number().int().min(1).max(100_000),
  maxActive: z.number().int().min(1).max(1_000_000).optional(),
});
export type RoomSettings = z.infer<typeof roomSettingsSchema>;

export const roomSchema = z.object({
  showtimeId: z.string(),
  enabled: z.boolean(),
  opensAt: z.string(),
  admitPerMinute: z.number(),
  maxActive: z.number().nullable(),
  seedHash: z.string().describe('SHA-256 of the draw seed, published before the draw'),
  seed: z.string().nullable().describe('The draw seed, revealed at the draw'),
  drawnAt: z.string().nullable(),
  waiting: z.number(),
});

export const ticketSchema = z.object({
  id: z.string(),
  showtimeId: z.string(),
  status: z.enum(['waiting', 'admitted', 'expired', 'left']),
  joinedAt: z.string(),
  position: z.number().nullable().describe('null before the opening draw, and once no longer waiting'),
  etaSeconds: z.number(),
  admittedUntil: z.string().optional(),
});

export const queueLogSchema = z.object({
  showtimeId: z.string(),
  verified: z.boolean(),
  problems: z.array(z.string()),
  records: z.array(
    z.object({
      showtimeId: z.string(),
      seq: z.number(),
      at: z.string(),
      type: z.string(),
      data: z.string(),
      prevHash: z.string(),
      hash: z.string(),
    }),
  ),
});
