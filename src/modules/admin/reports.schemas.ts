import { z } from 'zod';

/** A day (2026-12-24, midnight UTC) or a moment with its offset. */
const dayOrTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const reportQuerySchema = z.strictObject({
  /** Showtimes starting at or after this (a date means its midnight UTC). */
  from: dayOrTime.optional(),
  /** Showtimes starting before this (a date means the end of that day, UTC: to=2026-12-24 includes the 24th). */
  to: dayOrTime.optional(),
});

const percent = z.number().describe('0 to 100, rounded to two decimals');
const totals = {
  showtimes: z.number().int().describe('showtimes counted (cancelled ones are not)'),
  seats: z.number().int().describe('seats of those showtimes'),
  ticketsSold: z.number().int(),
  revenueCents: z.number().int(),
  occupancyPercent: percent.describe('seats sold out of seats, 0 to 100, rounded to two decimals'),
};

export const showtimeReportSchema = z.object({
  showtimeId: z.string(),
  movieId: z.string(),
  movieTitle: z.string(),
  auditoriumName: z.string(),
  startsAt: z.string(),
  status: z.enum(['scheduled', 'cancelled']),
  seats: z.number().int(),
  sold: z.number().int(),
  held: z.number().int().describe('seats in holds within their deadline'),
  free: z.number().int(),
  soldPercent: percent,
  heldPercent: percent,
  freePercent: percent,
  occupancyPercent: percent.describe('the same as soldPercent: seats sold out of seats'),
  revenueCents: z.number().int(),
});

export const reportViewSchema = z.object({
  currency: z.string().describe('ISO 4217 code of every revenueCents (the CURRENCY setting)'),
  from: z.string().nullable(),
  to: z.string().nullable(),
  generatedAt: z.string(),
  showtimes: z.array(showtimeReportSchema),
  days: z.array(z.object({ date: z.string().describe('YYYY-MM-DD, the showtimes’ start day in UTC'), ...totals })),
  films: z.array(z.object({ movieId: z.string(), movieTitle: z.string(), ...totals })),
  totals: z.object(totals),
});

export type ReportQuery = z.infer<typeof reportQuerySchema>;
export type ShowtimeReport = z.infer<typeof showtimeReportSchema>;
export type Report = z.infer<typeof reportViewSchema>;
