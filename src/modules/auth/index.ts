export { createAuthService, type AuthService } from './auth.service';
export { createUsersRepository } from './users.repository';
export { createTokens } from './tokens';
export { authRoutes } from './auth.routes';
export { createAuthenticator } from './authenticator';
export type { AuthUser } from './auth.schemas';
