import { z } from 'zod';

export const emailSchema = z.string().trim().toLowerCase().max(254).email();

// bcrypt reads only the first 72 bytes of a password: two passwords sharing those would be the same
// password. Longer ones are refused (a clear 400) rather than silently cut; 72 bytes is 72 ASCII
// characters, fewer for accented letters or emoji.
export const PASSWORD_MAX_BYTES = 72;
const withinBcryptLimit = (password: string) => Buffer.byteLength(password, 'utf8') <= PASSWORD_MAX_BYTES;
const bcryptLimitMessage = `at most ${PASSWORD_MAX_BYTES} bytes (72 plain letters or digits, fewer with accents or emoji)`;
// More characters than bytes allowed is always too long; the character bound also documents the limit.
const password = z.string().max(PASSWORD_MAX_BYTES, bcryptLimitMessage).refine(withinBcryptLimit, bcryptLimitMessage);

export const registerBodySchema = z.strictObject({
  email: emailSchema,
  password: password.refine((value) => value.length >= 8, 'at least 8 characters'),
  name: z.string().trim().min(1).max(100),
});
export const loginBodySchema = z.strictObject({ email: emailSchema, password: password.refine((value) => value.length >= 1, 'required') });

/** An admin makes a staff account with the same fields (and rules) as a customer registers with. */
export const createStaffBodySchema = registerBodySchema;

export const userViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  // staff: door staff, made by an admin (POST /api/staff): a customer's rights plus checking tickets in.
  role: z.enum(['customer', 'staff', 'admin']),
});
export const authResponseSchema = z.object({ user: userViewSchema, token: z.string() });
export const meResponseSchema = z.object({ user: userViewSchema });
export const staffResponseSchema = z.object({ user: userViewSchema });

export type AuthUser = z.infer<typeof userViewSchema>;
export type RegisterInput = z.infer<typeof registerBodySchema>;
export type LoginInput = z.infer<typeof loginBodySchema>;
export type CreateStaffInput = z.infer<typeof createStaffBodySchema>;
