// The schemas every module's routes share, in one place: ids, the one seat-label pattern, an empty body.
// Module-specific schemas sit beside their routes (<module>.schemas.ts); all are named …Schema.
import { z } from 'zod';

/** An opaque id (UUIDv7 today); bounded so a hostile one is refused before it reaches the database. */
export const idSchema = z.string().min(1).max(64);
export const idParamsSchema = z.strictObject({ id: idSchema });

/** A seat's label: a row of one or two capital letters and a number from 1 to 999, like C7 or AA12. */
export const seatLabelSchema = z.string().regex(/^[A-Z]{1,2}[1-9]\d{0,2}$/, 'a seat label like C7');

/** Endpoints without a body accept none, or an empty JSON object. */
export const emptyBodySchema = z.union([z.undefined(), z.strictObject({})]);
