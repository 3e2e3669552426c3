// The client's events, handled like HTTP routes: validate the payload, re-check the token, call the
// catalog service, answer through the ack. Nothing a client sends can crash the server: every failure
// becomes an error ack `{ ok: false, error }`, and a missing ack callback is simply not called.
import type { Socket } from 'socket.io';
import { parseInput } from '../../http/validate';
import { AppError } from '../../lib/errors';
import { toServiceUnavailable } from '../../db/errors';
import type { Logger } from '../../lib/logger';
import type { CatalogService } from '../catalog';
import type { SocketAuth, SocketData } from './socket-auth';
import type { SocketLimits } from './socket-limits';
import {
  errorReplyOf,
  showtimeRequestSchema,
  showtimeRoom,
  type ClientToServerEvents,
  type ErrorReply,
  type ServerToClientEvents,
} from './realtime.schemas';

type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, never, SocketData>;
type Deps = { catalog: CatalogService; socketAuth: SocketAuth; limits: SocketLimits; logger: Logger };

export function registerShowtimeHandlers(socket: RealtimeSocket, { catalog, socketAuth, limits, logger }: Deps) {
  handle(socket, 'showtime:join', logger, async (payload) => {
    const { showtimeId } = parseInput(showtimeRequestSchema, payload, 'payload');
    const user = await socketAuth.currentUser(socket);
    const room = showtimeRoom(showtimeId);
    // Checked with no await before the join, so two joins in flight cannot both take the last place.
    limits.checkRoomLimit(socket, room);
    // Join before reading the snapshot: a change committed in between then reaches this socket as a
    // message (at worst one the client already has, which it ignores by version) instead of being lost.
    await socket.join(room);
    try {
      return { snapshot: await catalog.getSeatMap(showtimeId, user?.id) };
    } catch (error) {
      await socket.leave(room);
      throw error;
    }
  });

  handle(socket, 'showtime:leave', logger, async (payload) => {
    const { showtimeId } = parseInput(showtimeRequestSchema, payload, 'payload');
    await socketAuth.currentUser(socket);
    await socket.leave(showtimeRoom(showtimeId));
    return {};
  });
}

/** Runs one client event like a route: the handler's result (or its error) goes back through the ack. */
export function handle(
  socket: RealtimeSocket,
  event: keyof ClientToServerEvents,
  logger: Logger,
  handler: (payload: unknown) => Promise<object>,
) {
  socket.on(event, async (...args: unknown[]) => {
    const ack = typeof args.at(-1) === 'function' ? (args.pop() as (reply: object) => void) : undefined;
    try {
      const reply = await handler(args[0]);
      ack?.({ ok: true, ...reply });
    } catch (error) {
      ack?.(toErrorReply(error, logger, event));
      // A token that lapsed since the handshake ends the connection; the client reconnects with a new one.
      if (error instanceof AppError && error.code === 'UNAUTHENTICATED') socket.disconnect(true);
    }
  });
}

function toErrorReply(error: unknown, logger: Logger, event: string): ErrorReply {
  if (error instanceof AppError) return errorReplyOf(error);
  const unavailable = toServiceUnavailable(error);
  if (unavailable) return errorReplyOf(unavailable);
  logger.error({ err: error, event }, 'socket handler failed');
  return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong on our side' } };
}
