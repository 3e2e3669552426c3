// Whether Redis is there, as this instance's Redis clients see it. Redis may go away and come back at any
// time; Marquee keeps serving meanwhile (rate limits count per instance, seat maps are cached only
// briefly, live updates reach only this instance's sockets) and rejoins when it returns.
// - 'ok' while every watched client is connected, 'degraded' otherwise, 'off' when REDIS_URL is not set.
// - An outage is logged twice: a warn when the first client loses Redis, an info when every client is
//   back. ioredis retries every few hundred milliseconds and reports each failed attempt; those stay
//   at debug, so a long outage does not flood the log.
import type { Redis, RedisOptions } from 'ioredis';
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from './logger';

export type RedisState = 'off' | 'ok' | 'degraded';

/**
 * Options for the client that serves requests (rate-limit counters, cache invalidations). No offline
 * queue and a command timeout: while Redis is away a command fails at once instead of waiting for a
 * reconnection, and the request goes on with the per-instance fallback. A request never waits on Redis.
 */
export const requestPathRedisOptions: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  commandTimeout: 1000,
};

type ClientState = 'connecting' | 'ready' | 'down';

export function createRedisHealth(deps: {
  logger: Logger;
  /** What the two outage lines say; each user of Redis (shared state, realtime) has its own. */
  messages: { lost: string; back: string };
  /** When given, `marquee_redis_up` (1 while every client is ready) is added to it. */
  registry?: Registry;
}) {
  const { logger, messages } = deps;
  const clients = new Map<Redis, ClientState>();
  const listeners = new Set<(state: RedisState) => void>();
  let outage = false; // the warn was logged and the info not yet
  let current: RedisState = 'off';
  let stopped = false;

  const state = (): RedisState => {
    if (clients.size === 0) return 'off';
    return [...clients.values()].every((client) => client === 'ready') ? 'ok' : 'degraded';
  };

  function report(client: Redis, name: string, next: ClientState, error?: Error) {
    if (stopped) return;
    clients.set(client, next);
    if (next === 'down' && !outage) {
      outage = true;
      logger.warn({ err: error, client: name }, messages.lost);
    }
    const now = state();
    if (now === 'ok' && outage) {
      outage = false;
      logger.info(messages.back);
    }
    if (now !== current) {
      current = now;
      for (const listener of listeners) listener(now);
    }
  }

  if (deps.registry) {
    new Gauge({
      name: 'marquee_redis_up',
      help: '1 while every Redis connection of this instance is ready, 0 while Redis is unavailable',
      registers: [deps.registry],
      collect() {
        this.set(state() === 'ok' ? 1 : 0);
      },
    });
  }

  return {
    state,

    /** Follows one client's connection. Every client must be watched: it also gets its 'error' listener. */
    watch(client: Redis, name: string) {
      clients.set(client, client.status === 'ready' ? 'ready' : 'connecting');
      current = state();
      let lastError: Error | undefined;
      client.on('ready', () => report(client, name, 'ready'));
      // Without an 'error' listener ioredis prints every failed attempt to stderr.
      client.on('error', (error: Error) => {
        lastError = error;
        logger.debug({ err: error, client: name }, 'redis connection error');
        if (client.status !== 'ready') report(client, name, 'down', error);
      });
      client.on('close', () => report(client, name, 'down', lastError));
      client.on('end', () => report(client, name, 'down', lastError));
    },

    /** Called with the new state each time it changes between 'ok' and 'degraded'. */
    onChange(listener: (state: RedisState) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** Before the clients quit: their closing is not an outage. */
    stop() {
      stopped = true;
      listeners.clear();
    },
  };
}

export type RedisHealth = ReturnType<typeof createRedisHealth>;
