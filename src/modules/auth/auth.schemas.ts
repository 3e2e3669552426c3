import { z } from 'zod';

export const email = z.string().trim().toLowerCase().max(254).email();
export const registerBody = z.strictObject({
  email,
  password: z.string().min(8, 'at least 8 characters').max(128),
  name: z.string().trim().min(1).max(100),
});
export const loginBody = z.strictObject({ email, password: z.string().min(1).max(128) });

export const userView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['customer', 'admin']),
});
export const authResponse = z.object({ user: userView, token: z.string() });
export const meResponse = z.object({ user: userView });

export type AuthUser = z.infer<typeof userView>;
export type RegisterInput = z.infer<typeof registerBody>;
export type LoginInput = z.infer<typeof loginBody>;
