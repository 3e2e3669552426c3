import { z } from 'zod';

export const email = z.string().trim().toLowerCase().max(254).email();

// bcrypt reads only the first 72 bytes of a password: two passwords sharing those would be the same
// password. Longer ones are refused (a clear 400) rather than silently cut; 72 bytes is 72 ASCII
// characters, fewer for accented letters or emoji.
export const PASSWORD_MAX_BYTES = 72;
const withinBcryptLimit = (password: string) => Buffer.byteLength(password, 'utf8') <= PASSWORD_MAX_BYTES;
const bcryptLimitMessage = `at most ${PASSWORD_MAX_BYTES} bytes (72 plain letters or digits, fewer with accents or emoji)`;
// More characters than bytes allowed is always too long; the character bound also documents the limit.
const password = z.string().max(PASSWORD_MAX_BYTES, bcryptLimitMessage).refine(withinBcryptLimit, bcryptLimitMessage);

export const registerBody = z.strictObject({
  email,
  password: password.refine((value) => value.length >= 8, 'at least 8 characters'),
  name: z.string().trim().min(1).max(100),
});
export const loginBody = z.strictObject({ email, password: password.refine((value) => value.length >= 1, 'required') });

/** An admin makes a staff account with the same fields (and rules) as a customer registers with. */
export const createStaffBody = registerBody;

export const userView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  // staff: door staff, made by an admin (POST /api/staff): a customer's rights plus checking tickets in.
  role: z.enum(['customer', 'staff', 'admin']),
});
export const authResponse = z.object({ user: userView, token: z.string() });
export const meResponse = z.object({ user: userView });
export const staffResponse = z.object({ user: userView });

export type AuthUser = z.infer<typeof userView>;
export type RegisterInput = z.infer<typeof registerBody>;
export type LoginInput = z.infer<typeof loginBody>;
export type CreateStaffInput = z.infer<typeof createStaffBody>;
