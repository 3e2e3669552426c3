// Reads the bearer token of a request and enforces a route's access level.
import type { Request } from 'express';
import { AppError } from '../../lib/errors';
import type { Access, Authenticator } from '../../http/route';
import type { AuthService } from './auth.service';
import type { AuthUser } from './auth.schemas';

export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header.trim());
  if (!match?.[1]) throw new AppError('UNAUTHENTICATED', 'Use the header Authorization: Bearer <token>');
  return match[1];
}

export function createAuthenticator(auth: AuthService): Authenticator {
  return {
    async identify(req: Request) {
      const token = bearerToken(req.headers.authorization);
      return token === undefined ? undefined : auth.userFromToken(token);
    },
    require(user: AuthUser | undefined, access: Access) {
      if ((access === 'user' || access === 'staff' || access === 'admin') && !user) {
        throw new AppError('UNAUTHENTICATED', 'Sign in first: this needs a bearer token');
      }
      if (access === 'admin' && user?.role !== 'admin') throw new AppError('FORBIDDEN', 'Only admins may do this');
      if (access === 'staff' && user?.role !== 'staff' && user?.role !== 'admin') {
        throw new AppError('FORBIDDEN', 'Only door staff and admins may do this');
      }
    },
  };
}
