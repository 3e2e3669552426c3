// Accounts: register, log in, identify the caller from a token. Passwords are hashed with bcrypt at a
// configured cost. A failed login says the same thing whether the email or the password was wrong.
import bcrypt from 'bcryptjs';
import { AppError } from '../../lib/errors';
import { isUniqueViolation } from '../../db/errors';
import type { UsersRepository } from './users.repository';
import type { Tokens } from './tokens';
import type { AuthUser, CreateStaffInput, LoginInput, RegisterInput } from './auth.schemas';

type Deps = { users: UsersRepository; tokens: Tokens; bcryptCost: number };

export function createAuthService({ users, tokens, bcryptCost }: Deps) {
  // Compared against when the email is unknown, so both failures take the same time.
  const decoyHash = bcrypt.hashSync('decoy-password', bcryptCost);

  /** One account per email: the unique key decides, whatever races. */
  async function createAccount(input: RegisterInput, role: 'customer' | 'staff') {
    const passwordHash = await bcrypt.hash(input.password, bcryptCost);
    try {
      return await users.create({ email: input.email, name: input.name, passwordHash, role });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('EMAIL_TAKEN', 'An account with this email already exists');
      throw error;
    }
  }

  return {
    async register(input: RegisterInput) {
      const user = await createAccount(input, 'customer');
      return { user, token: tokens.sign(user.id) };
    },

    /** Door staff (a customer's rights plus check-in), made by an admin. No token back: the admin is not them. */
    async createStaff(input: CreateStaffInput) {
      return { user: await createAccount(input, 'staff') };
    },

    async login(input: LoginInput) {
      const found = await users.findWithHashByEmail(input.email);
      const matches = await bcrypt.compare(input.password, found?.passwordHash ?? decoyHash);
      if (!found || !matches) throw new AppError('UNAUTHENTICATED', 'Wrong email or password');
      return { user: found.user, token: tokens.sign(found.user.id) };
    },

    /** The user a bearer token belongs to; a token for a deleted user is as bad as a forged one. */
    async userFromToken(token: string): Promise<AuthUser> {
      const user = await users.findById(tokens.verify(token));
      if (!user) throw new AppError('UNAUTHENTICATED', 'The token is missing, malformed, expired or forged');
      return user;
    },

    /** The first admin comes from config (ADMIN_EMAIL / ADMIN_PASSWORD) or the seed, never from HTTP. */
    async ensureAdmin(email: string, password: string, name = 'Administrator') {
      return users.upsertAdmin({ email: email.toLowerCase(), name, passwordHash: await bcrypt.hash(password, bcryptCost) });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
