// Handshake authentication with the same bearer token as HTTP (`io(url, { auth: { token } })`). No token
// means an anonymous viewer of seat maps; a bad token refuses the connection with `UNAUTHENTICATED`.
// The token is kept on the socket and checked again on every client event, so a session that expires
// or a deleted user does not keep a live socket.
import type { Socket } from 'socket.io';
import { AppError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { AuthService, AuthUser } from '../auth';

/** `clientAddress` is the client's IP as the connection limit counts it (socket-limits.ts). */
export type SocketData = { user?: AuthUser; token?: string; clientAddress?: string };
type AnySocket = Socket<never, never, never, SocketData>;

function tokenOf(socket: AnySocket): string | undefined | null {
  const raw: unknown = socket.handshake.auth?.token;
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string') return null;
  return raw.replace(/^Bearer\s+/i, '');
}

function refusal(error: unknown, logger: Logger) {
  if (error instanceof AppError && error.code === 'UNAUTHENTICATED') return new Error('UNAUTHENTICATED');
  logger.error({ err: error }, 'socket authentication failed unexpectedly');
  return new Error('INTERNAL');
}

export function createSocketAuth(auth: AuthService, logger: Logger) {
  return {
    /** socket.io middleware: runs once per connection, before `connection` fires. */
    async authenticateHandshake(socket: AnySocket, next: (error?: Error) => void) {
      const token = tokenOf(socket);
      if (token === undefined) return next();
      if (token === null) return next(new Error('UNAUTHENTICATED'));
      try {
        socket.data.user = await auth.userFromToken(token);
        socket.data.token = token;
        next();
      } catch (error) {
        next(refusal(error, logger));
      }
    },

    /** The socket's user now, or undefined for an anonymous socket; throws UNAUTHENTICATED if it lapsed. */
    async currentUser(socket: AnySocket): Promise<AuthUser | undefined> {
      if (!socket.data.token) return undefined;
      return auth.userFromToken(socket.data.token);
    },
  };
}

export type SocketAuth = ReturnType<typeof createSocketAuth>;
