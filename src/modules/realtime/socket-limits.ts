// The socket server's abuse limits (docs/realtime-limits.md), all set in config: sockets per client IP
// (checked at the handshake, before authentication, so a flood costs no token checks), events per socket
// (a token bucket in front of every handler; a socket that keeps pushing is disconnected), and showtime
// rooms per socket. The payload cap is socket.io's own maxHttpBufferSize, set where the server is made;
// it closes the connection, which is only counted here. Counts are per instance.
import type { Socket } from 'socket.io';
import type { Config } from '../../config';
import { AppError } from '../../lib/errors';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import { clientAddress } from './client-address';
import type { RealtimeMetrics } from './realtime.metrics';
import { errorReplyOf, isShowtimeRoom, type ClientToServerEvents, type ServerToClientEvents } from './realtime.schemas';
import type { SocketData } from './socket-auth';
import { createTokenBucket } from './token-bucket';

type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, never, SocketData>;
type Deps = { config: Config; clock: Clock; logger: Logger; metrics: RealtimeMetrics };

export function createSocketLimits({ config, clock, logger, metrics }: Deps) {
  // Socket ids by client IP: a set rather than a count, so giving a place back twice is harmless.
  const openByAddress = new Map<string, Set<string>>();

  function releaseConnection(socket: RealtimeSocket) {
    const address = socket.data.clientAddress;
    const open = address === undefined ? undefined : openByAddress.get(address);
    if (!open) return;
    open.delete(socket.id);
    if (open.size === 0) openByAddress.delete(address!);
  }

  return {
    /** Handshake middleware: the socket takes a place for its IP, or is refused with RATE_LIMITED. */
    admitConnection(socket: RealtimeSocket, next: (error?: Error) => void) {
      const address = clientAddress(socket.handshake, config.TRUST_PROXY);
      const open = openByAddress.get(address) ?? new Set<string>();
      if (open.size >= config.SOCKET_MAX_CONNECTIONS_PER_IP) {
        metrics.countRejection('connections');
        logger.debug({ address, open: open.size }, 'socket refused: too many connections from one address');
        return next(new Error('RATE_LIMITED'));
      }
      open.add(socket.id);
      openByAddress.set(address, open);
      socket.data.clientAddress = address;
      // 'disconnect' only fires for a socket that connected; a connection that drops between the
      // handshake and `connection` only closes its transport, so both give the place back.
      socket.once('disconnect', () => releaseConnection(socket));
      socket.conn.once('close', () => releaseConnection(socket));
      next();
    },

    /** For a handshake step after admitConnection that refuses the socket. */
    releaseConnection,

    /**
     * Every client event takes a token before any handler runs (unknown event names too). Without one it
     * gets a RATE_LIMITED error ack and is dropped; after SOCKET_ABUSE_DISCONNECT_AFTER such events in
     * the socket's life the server disconnects it. A page that joins a room or two never gets close.
     */
    limitEvents(socket: RealtimeSocket) {
      const bucket = createTokenBucket(
        { capacity: config.SOCKET_EVENT_BURST, refillPerSecond: config.SOCKET_EVENTS_PER_SECOND },
        clock.now().getTime(),
      );
      let refused = 0;
      socket.use((packet, next) => {
        const taken = bucket.take(clock.now().getTime());
        if (taken.ok) return next();
        refused += 1;
        metrics.countRejection('rate');
        const ack = packet.at(-1);
        if (typeof ack === 'function') {
          const { retryAfterSeconds } = taken;
          ack(errorReplyOf(new AppError('RATE_LIMITED', 'Too many events, please slow down', { retryAfterSeconds })));
        }
        if (refused === config.SOCKET_ABUSE_DISCONNECT_AFTER) {
          metrics.countRejection('disconnected');
          logger.warn({ address: socket.data.clientAddress, refused }, 'socket disconnected: too many rate-limited events');
          socket.disconnect(true);
        }
      });
      socket.on('disconnect', (reason, description) => {
        if (reason === 'transport error' && isPayloadTooLarge(description)) metrics.countRejection('payload');
      });
    },

    /** Throws VALIDATION_FAILED when joining `room` would put the socket in one showtime room too many. */
    checkRoomLimit(socket: RealtimeSocket, room: string) {
      if (socket.rooms.has(room)) return;
      const max = config.SOCKET_MAX_ROOMS;
      const joined = [...socket.rooms].filter(isShowtimeRoom).length;
      if (joined < max) return;
      metrics.countRejection('rooms');
      throw new AppError('VALIDATION_FAILED', `You are watching the most showtimes one connection may watch (${max}); leave one first`, {
        field: 'rooms',
        max,
      });
    },
  };
}

export type SocketLimits = ReturnType<typeof createSocketLimits>;

// Over websocket, a message past maxHttpBufferSize makes the ws library fail the connection with this
// error, which engine.io passes on as the close description. (Over long-polling the request gets HTTP 413.)
function isPayloadTooLarge(description: unknown) {
  return description instanceof Error && /max payload size exceeded/i.test(description.message);
}
