// Prometheus series for the socket server. Gauges are read from socket.io at scrape time, so they never
// drift; the admin stats endpoint reads marquee_realtime_connected_sockets by name. Counts are per
// instance: with the Redis adapter each instance reports its own sockets and rooms.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Server } from 'socket.io';
import { isShowtimeRoom, type ServerEventName } from './realtime.schemas';

const names = {
  sockets: 'marquee_realtime_connected_sockets',
  rooms: 'marquee_realtime_rooms',
  messages: 'marquee_realtime_messages_sent_total',
};

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

  return {
    countMessage(event: ServerEventName) {
      messages.inc({ event });
    },
    /** Removes the series so a closed server is not scraped and a new one can register again. */
    remove() {
      for (const name of Object.values(names)) registry.removeSingleMetric(name);
    },
  };
}

export type RealtimeMetrics = ReturnType<typeof createRealtimeMetrics>;
