import { z } from 'zod';
import { idSchema } from '../../http/schemas';
const isoDate = z.iso.datetime({ offset: true }).max(40);
const cents = z.number().int().min(0).max(1_000_000);
const seatNumber = z.number().int().min(1).max(100);

export const movieBodySchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  durationMinutes: z.number().int().min(1).max(600),
  rating: z.string().trim().min(1).max(10),
  description: z.string().max(2000).optional(),
});

export const rowLayoutSchema = z.strictObject({
  label: z.string().regex(/^[A-Z]{1,2}$/, 'one or two capital letters'),
  seats: seatNumber,
  section: z.string().min(1).max(40),
  /** Empty columns before the first seat, to shape the room. */
  offset: z.number().int().min(0).max(50).default(0),
  /** An aisle after each of these seat numbers. */
  gapsAfter: z.array(seatNumber).max(20).default([]),
  /** Seat numbers that are wheelchair accessible. */
  accessible: z.array(seatNumber).max(100).default([]),
});

export const orphanRuleSchema = z.enum(['off', 'warn', 'enforce']);
export const bestSpotSchema = z.strictObject({ depth: z.number().min(0).max(1), across: z.number().min(0).max(1) });

export const auditoriumBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    sections: z
      .array(z.strictObject({ name: z.string().trim().min(1).max(40), priceCents: cents }))
      .min(1)
      .max(10),
    rows: z.array(rowLayoutSchema).min(1).max(52),
    /** Hand-picked seats that strand a single seat: allowed (off, the default), warned about, or refused (409 ORPHAN_SEAT). */
    orphanRule: orphanRuleSchema.optional(),
    /** The best spot for best-available picks; depth 0 = front row, 1 = back row; across 0 = left, 1 = right. Default centre, two thirds back. */
    bestSpot: bestSpotSchema.optional(),
  })
  .superRefine((layout, ctx) => {
    const sections = new Set(layout.sections.map((section) => section.name));
    if (sections.size !== layout.sections.length)
      ctx.addIssue({ code: 'custom', path: ['sections'], message: 'section names must be unique' });
    const labels = new Set<string>();
    layout.rows.forEach((row, index) => {
      if (labels.has(row.label))
        ctx.addIssue({ code: 'custom', path: ['rows', index, 'label'], message: `row ${row.label} appears twice` });
      labels.add(row.label);
      if (!sections.has(row.section))
        ctx.addIssue({ code: 'custom', path: ['rows', index, 'section'], message: `no section named ${row.section}` });
      if (row.gapsAfter.some((n) => n >= row.seats))
        ctx.addIssue({ code: 'custom', path: ['rows', index, 'gapsAfter'], message: 'a gap must come after a seat inside the row' });
      if (row.accessible.some((n) => n > row.seats))
        ctx.addIssue({ code: 'custom', path: ['rows', index, 'accessible'], message: 'no such seat in the row' });
    });
    const total = layout.rows.reduce((sum, row) => sum + row.seats, 0);
    if (total > 1000) ctx.addIssue({ code: 'custom', path: ['rows'], message: 'at most 1000 seats' });
  });

export const showtimeBodySchema = z.strictObject({ movieId: idSchema, auditoriumId: idSchema, startsAt: isoDate });

/** Edits: every field optional, at least one given. */
const someField = (value: object) => Object.keys(value).length > 0;
export const moviePatchBodySchema = movieBodySchema.partial().refine(someField, 'give at least one field to change');
export const auditoriumPatchBodySchema = z
  .strictObject({ name: auditoriumBodySchema.shape.name, orphanRule: orphanRuleSchema, bestSpot: bestSpotSchema })
  .partial()
  .refine(someField, 'give at least one field to change');
/** Moving a showtime: its new start. The film and room stay (seats may be sold in that room). */
export const showtimePatchBodySchema = z.strictObject({ startsAt: isoDate });
export const cancelShowtimeBodySchema = z.union([z.undefined(), z.strictObject({ reason: z.string().trim().min(1).max(300).optional() })]);

export const showtimeQuerySchema = z.strictObject({
  movieId: idSchema.optional(),
  /** Which showtimes: on sale (the default), cancelled ones, or all (the admin's programme list). */
  status: z.enum(['scheduled', 'cancelled', 'all']).default('scheduled'),
  from: isoDate.optional(),
  to: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});
export const listQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(100),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});

export const movieViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  durationMinutes: z.number(),
  rating: z.string(),
  description: z.string(),
});
export const seatViewSchema = z.object({
  label: z.string(),
  row: z.string(),
  number: z.number(),
  rowIndex: z.number(),
  column: z.number(),
  section: z.string(),
  priceCents: z.number(),
  accessible: z.boolean(),
});
export const auditoriumViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  seatCount: z.number(),
  sections: z.array(z.object({ name: z.string(), priceCents: z.number() })),
  rows: z.array(
    z.object({
      label: z.string(),
      seats: z.number(),
      offset: z.number(),
      gapsAfter: z.array(z.number()),
      section: z.string(),
      accessible: z.array(z.number()),
    }),
  ),
  orphanRule: orphanRuleSchema,
  /** null: the default spot (centre, two thirds back). */
  bestSpot: bestSpotSchema.nullable(),
});
export const showtimeViewSchema = z.object({
  id: z.string(),
  movieId: z.string(),
  auditoriumId: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  movieTitle: z.string(),
  auditoriumName: z.string(),
  /** cancelled: no holds, purchases or waitlist joins any more (SHOWTIME_CANCELLED); its bookings were cancelled. */
  status: z.enum(['scheduled', 'cancelled']),
  cancelReason: z.string().nullable(),
});
export const seatMapViewSchema = z.object({
  showtimeId: z.string(),
  version: z.number(),
  seats: z.array(seatViewSchema.extend({ status: z.enum(['available', 'held', 'sold']), mine: z.boolean().optional() })),
});

export type MovieInput = z.infer<typeof movieBodySchema>;
export type AuditoriumInput = z.infer<typeof auditoriumBodySchema>;
export type ShowtimeInput = z.infer<typeof showtimeBodySchema>;
export type MoviePatch = z.infer<typeof moviePatchBodySchema>;
export type AuditoriumPatch = z.infer<typeof auditoriumPatchBodySchema>;
export type ShowtimeQuery = z.infer<typeof showtimeQuerySchema>;
export type SeatView = z.infer<typeof seatViewSchema>;
export type SeatMap = z.infer<typeof seatMapViewSchema>;
export type OrphanRule = z.infer<typeof orphanRuleSchema>;
