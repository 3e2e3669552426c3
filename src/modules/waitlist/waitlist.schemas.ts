import { z } from 'zod';
import type { EntryRow, EntryStatus } from './waitlist.repository';

export const joinBodySchema = z.strictObject({
  partySize: z.number().int().min(1).max(100),
  adjacent: z.boolean().optional().default(false),
});

export const entrySchema = z.object({
  id: z.string(),
  showtimeId: z.string(),
  partySize: z.number(),
  adjacent: z.boolean(),
  /** cancelled: the theater cancelled the showtime. */
  status: z.enum(['waiting', 'offered', 'accepted', 'expired', 'left', 'cancelled']),
  joinedAt: z.string(),
  position: z.number().optional().describe('While waiting: 1 + the entries still waiting ahead'),
  offer: z.object({ holdId: z.string(), seats: z.array(z.string()), expiresAt: z.string() }).optional(),
  estimatedOfferAt: z
    .string()
    .nullable()
    .optional()
    .describe('ESTIMATE only, while waiting: the deadline of current holds by which enough seats could free up; null when unknown'),
});
export type EntryView = z.infer<typeof entrySchema>;

export const logSchema = z.object({
  showtimeId: z.string(),
  verified: z.boolean(),
  records: z.array(
    z.object({
      seq: z.number(),
      at: z.string(),
      type: z.enum(['join', 'offer', 'accept', 'expire', 'leave']),
      alias: z.string(),
      data: z.string().describe('Canonical JSON (sorted keys), exactly as hashed'),
      prevHash: z.string(),
      hash: z.string(),
    }),
  ),
});

export function toEntryView(
  entry: EntryRow,
  extra: { status?: EntryStatus; position?: number; offer?: EntryView['offer']; estimatedOfferAt?: string | null } = {},
): EntryView {
  return {
    id: entry.id,
    showtimeId: entry.showtimeId,
    partySize: entry.partySize,
    adjacent: entry.adjacent,
    status: extra.status ?? entry.status,
    joinedAt: entry.joinedAt.toISOString(),
    ...(extra.position !== undefined ? { position: extra.position } : {}),
    ...(extra.offer ? { offer: extra.offer } : {}),
    ...(extra.estimatedOfferAt !== undefined ? { estimatedOfferAt: extra.estimatedOfferAt } : {}),
  };
}
