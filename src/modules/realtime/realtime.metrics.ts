// Prometheus series for the socket server. Gauges are read from socket.io at scrape time, so they never
// drift; the admin stats endpoint reads marquee_realtime_connected_sockets by name. Counts are per
// instance: with the Redis adapter each instance reports its own sockets and rooms. Rejections by the
// abuse limits (docs/realtime-limits.md) are counted by reason.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Server } from 'socket.io';
import { isShowtimeRoom, type ServerEventName } from './realtime.schemas';

const names = {
  sockets: 'marquee_realtime_connected_sockets',
  rooms: 'marquee_realtime_rooms',
  messages: 'marquee_realtime_messages_sent_total',
  rejections: 'marquee_socket_rejections_total',
};

/**
 * rooms: a join past SOCKET_MAX_ROOMS; rate: an event without a token; disconnected: a socket closed for
 * SOCKET_ABUSE_DISCONNECT_AFTER rate-limited events; connections: a handshake past
 * SOCKET_MAX_CONNECTIONS_PER_IP; payload: a connection closed for a message over SOCKET_MAX_PAYLOAD_BYTES.
 */
export const rejectionReasons = ['rooms', 'rate', 'disconnected', 'connections', 'payload'] as const;
export type RejectionReason = (typeof rejectionReasons)[number];

export function createRealtimeMetrics(registry: Registry, io: Server) {
  new Gauge({
    name: names.sockets,
    help: 'Socket.io connections open on this instance',
    registers: [registry],
    collect() {
      this.set(io.of('/').sockets.size);
    },
  });
  new Gauge({
    name: names.rooms,
    help: 'Showtime rooms with at least one viewer on this instance',
    registers: [registry],
    collect() {
      this.set([...io.of('/').adapter.rooms.keys()].filter(isShowtimeRoom).length);
    },
  });
  const messages = new Counter({
    name: names.messages,
    help: 'Messages emitted by the server, by event (one per broadcast, not per recipient; rooms nobody watches are skipped)',
    labelNames: ['event'] as const,
    registers: [registry],
  });

  const rejections = new Counter({
    name: names.rejections,
    help: 'Socket events, joins and connections refused by the abuse limits, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  // Every reason is reported from the start (at 0), so an alert on a rate of increase has a series to read.
  for (const reason of rejectionReasons) rejections.inc({ reason }, 0);

  return {
    countMessage(event: ServerEventName) {
      messages.inc({ event });
    },
    countRejection(reason: RejectionReason) {
      rejections.inc({ reason });
    },
    /** Removes the series so a closed server is not scraped and a new one can register again. */
    remove() {
      for (const name of Object.values(names)) registry.removeSingleMetric(name);
    },
  };
}

export type RealtimeMetrics = ReturnType<typeof createRealtimeMetrics>;
