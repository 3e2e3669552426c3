// The socket.io server, on the same HTTP server and port as Express (default path /socket.io). It is an
// entry point like the HTTP routes: handshake auth, the showtime handlers, and two subscribers to the
// domain event bus that push seat changes to showtime rooms and personal events to user rooms.
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { AppContext } from '../../context';
import { registerShowtimeHandlers } from './showtime-handlers';
import { attachClassroom } from './classroom-handlers';
import { startPersonalNotifier, type SendToUser } from './personal-notifier';
import { connectRedisAdapter } from './redis-adapter';
import { createRealtimeMetrics } from './realtime.metrics';
import { showtimeRoom, userRoom, type ClientToServerEvents, type ServerToClientEvents } from './realtime.schemas';
import { startSeatBroadcaster } from './seat-broadcaster';
import { createSocketAuth, type SocketData } from './socket-auth';
import { createSocketLimits } from './socket-limits';

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, never, SocketData>;

export function attachRealtime(httpServer: HttpServer, context: AppContext) {
  const { config, logger, clock, events, metrics, services } = context;
  const io: RealtimeServer = new Server(httpServer, {
    serveClient: false,
    cors: { origin: allowedOrigins(config.CORS_ORIGINS) },
    // socket.io's default is 1 MB; a bigger message closes that client's connection (docs/realtime-limits.md).
    maxHttpBufferSize: config.SOCKET_MAX_PAYLOAD_BYTES,
  });
  const redis = config.REDIS_URL ? connectRedisAdapter(io, config.REDIS_URL, logger) : undefined;
  const realtimeMetrics = createRealtimeMetrics(metrics.registry, io);
  const socketAuth = createSocketAuth(services.auth, logger);
  const limits = createSocketLimits({ config, clock, logger, metrics: realtimeMetrics });
  const classroom = attachClassroom(io, {
    snapshots: context.classroom,
    socketAuth,
    logger,
    registry: metrics.registry,
    shared: redis !== undefined,
  });

  // The per-IP limit runs first so a flood of handshakes is refused before any token is checked; a
  // handshake that authentication then refuses gives its place back.
  io.use((socket, next) => limits.admitConnection(socket, next));
  io.use((socket, next) => {
    void socketAuth.authenticateHandshake(socket, (error) => {
      if (error) limits.releaseConnection(socket);
      next(error);
    });
  });
  io.on('connection', (socket) => {
    socket.emit('server:hello', { instance: context.instance.id });
    limits.limitEvents(socket);
    if (socket.data.user) void socket.join(userRoom(socket.data.user.id));
    registerShowtimeHandlers(socket, { catalog: services.catalog, socketAuth, limits, logger });
    classroom.register(socket);
  });

  // socket.io encodes and frames a broadcast before looking for its recipients. Without Redis a room with
  // no socket here has no one anywhere, so the message is skipped: an expiry storm sends one personal
  // event per hold, mostly to users with no page open. With Redis other instances may have listeners.
  const anyoneIn = (room: string) => redis !== undefined || io.of('/').adapter.rooms.has(room);
  const broadcaster = startSeatBroadcaster(events, config.REALTIME_COALESCE_MS, (showtimeId, message) => {
    const room = showtimeRoom(showtimeId);
    if (!anyoneIn(room)) return;
    io.to(room).emit('seats:changed', message);
    realtimeMetrics.countMessage('seats:changed');
  });
  const sendToUser: SendToUser = (userId, event, message) => {
    const room = userRoom(userId);
    if (!anyoneIn(room)) return;
    // The cast narrows socket.io's variadic emit signature to the one payload every event has.
    (io.to(room).emit as (name: string, payload: unknown) => boolean)(event, message);
    realtimeMetrics.countMessage(event);
  };
  const notifier = startPersonalNotifier(events, sendToUser);

  let closing: Promise<void> | undefined;
  return {
    io,
    /** The classroom view's publisher (tests check it runs only while an admin watches). */
    classroom: classroom.publisher,
    /** Disconnects this instance's sockets and stops listening to the bus; the HTTP server is left to its owner. */
    close() {
      closing ??= (async () => {
        broadcaster.stop();
        notifier.stop();
        classroom.close();
        io.local.disconnectSockets(true);
        await io.of('/').adapter.close();
        io.engine.close();
        realtimeMetrics.remove();
        await redis?.quit();
      })();
      return closing;
    },
  };
}

/** Same-origin pages need no CORS; other origins must be listed in CORS_ORIGINS (`*` allows any). */
function allowedOrigins(setting: string): boolean | string[] {
  const origins = setting
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  if (origins.includes('*')) return true;
  return origins.length > 0 ? origins : false;
}

export type Realtime = ReturnType<typeof attachRealtime>;
