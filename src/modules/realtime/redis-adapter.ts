// With REDIS_URL set, rooms span every instance: a broadcast on one instance is published through Redis
// and delivered by every instance to its own sockets in that room. Each instance only broadcasts the
// events of its own writes, which is enough because every write happens on exactly one instance.
// While Redis is away each instance still serves its own sockets; the others miss those broadcasts (a
// client that then sees a gap in `version` re-joins for a fresh snapshot). ioredis reconnects by itself
// and resubscribes the adapter's channels.
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Server } from 'socket.io';
import type { Logger } from '../../lib/logger';
import { createRedisHealth } from '../../lib/redis-health';

/** The commands the adapter sends without handling their promises. */
const unhandledCommands = ['publish', 'subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe'] as const;

/**
 * The adapter fires these commands and ignores their promise, so one failing while Redis is away would be
 * an unhandled rejection, which ends the process. Here a failure is dropped: a broadcast other instances
 * miss is what an outage means, and a lost subscription is made again at the next connection.
 */
function dropFailures(client: Redis, logger: Logger) {
  for (const name of unhandledCommands) {
    const send = (client[name] as (...args: unknown[]) => Promise<unknown>).bind(client);
    Object.assign(client, {
      [name]: (...args: unknown[]) =>
        send(...args).catch((error: unknown) => logger.debug({ err: error, command: name }, 'realtime redis command dropped')),
    });
  }
}

export function connectRedisAdapter(io: Server, url: string, logger: Logger) {
  const health = createRedisHealth({
    logger,
    messages: {
      lost: "realtime adapter lost Redis; seat updates reach this instance's sockets only until it is back",
      back: 'realtime adapter reconnected to Redis; rooms span every instance again',
    },
  });
  // No offline queue for broadcasts: queued during an outage they would all arrive, stale, at its end.
  const publisher = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  // Subscriptions wait for the connection instead (the first may be sent before it is up).
  const subscriber = new Redis(url, { maxRetriesPerRequest: null });
  health.watch(publisher, 'realtime publisher');
  health.watch(subscriber, 'realtime subscriber');
  dropFailures(publisher, logger);
  dropFailures(subscriber, logger);
  io.adapter(createAdapter(publisher, subscriber));
  return {
    async quit() {
      health.stop();
      await Promise.allSettled(
        [publisher, subscriber].map((client) => (client.status === 'ready' ? client.quit() : Promise.resolve(client.disconnect()))),
      );
    },
  };
}
