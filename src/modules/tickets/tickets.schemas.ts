import { z } from 'zod';
import { idSchema } from '../../http/schemas';
import { normalizeTicketCode, ticketCodePattern } from './ticket-code';

const codeMessage = 'a ticket code: 32 characters 0-9 and A-F (spaces and dashes are ignored)';

export const ticketViewSchema = z.object({ id: z.string(), seat: z.string(), code: z.string() });

export const checkInBodySchema = z.strictObject({
  code: z
    .string()
    .max(100, codeMessage)
    .refine((value) => ticketCodePattern.test(normalizeTicketCode(value)), codeMessage),
  showtimeId: idSchema.optional(),
});

export const checkInResponseSchema = z.object({
  ticket: z.object({ id: z.string(), seat: z.string(), showtimeId: z.string(), checkedInAt: z.string() }),
});

export const ticketParamsSchema = z.strictObject({ id: idSchema, ticketId: idSchema });

export const admissionsSchema = z.object({ showtimeId: z.string(), admitted: z.number(), sold: z.number() });
