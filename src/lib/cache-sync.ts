// Keeps the caches of several instances in step. Each instance invalidates its own cache synchronously
// on its own writes (see catalog.service.ts); with REDIS_URL set it also publishes what it invalidated,
// and every other instance drops the same entries when the message arrives (a few milliseconds later).
// While Redis is away those messages are lost both ways, so until they flow again seat maps are dropped
// every second: a seat map served meanwhile is at most that old, and the cache still spares the database
// the bulk of a rush. (The catalog, changed rarely and only by admins, waits for its TTL.) When the
// subscription is back the whole cache is dropped once: what was published during the gap never arrived.
import type { Redis } from 'ioredis';
import type { Cache, CacheRegion } from './cache';
import type { EventBus } from './events';
import type { Logger } from './logger';
import type { RedisHealth } from './redis-health';

const CHANNEL = 'marquee:cache-invalidation';
/** How old a cached seat map may get while other instances' invalidations cannot arrive. */
const SEAT_MAP_MAX_AGE_WHILE_DEGRADED_MS = 1000;
type Invalidation = { from: string; region: CacheRegion; key?: string };

export function syncCacheThroughRedis(deps: {
  cache: Cache;
  events: EventBus;
  redis: Redis;
  health: RedisHealth;
  instanceId: string;
  logger: Logger;
}) {
  const { cache, events, redis, health, instanceId, logger } = deps;
  // A connection in subscriber mode can do nothing else, so it gets its own. It serves no request, so its
  // commands may wait for a connection. It subscribes afresh on every connection (instead of ioredis's
  // autoResubscribe) so that this code knows when messages flow again.
  const subscriber = redis.duplicate({
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    commandTimeout: undefined,
    autoResubscribe: false,
  });
  health.watch(subscriber, 'cache-sync subscriber');
  let subscribed = false;
  let markReady = () => {};
  /** Resolves at the first subscription (tests wait for it); never rejects. */
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  let dropping: NodeJS.Timeout | undefined;
  let closed = false;
  function followRedis() {
    if (closed) return;
    const live = subscribed && health.state() === 'ok';
    if (live && dropping) {
      clearInterval(dropping);
      dropping = undefined;
      cache.del('seat-maps');
      cache.del('catalog');
    } else if (!live && !dropping) {
      cache.del('seat-maps');
      dropping = setInterval(() => cache.del('seat-maps'), SEAT_MAP_MAX_AGE_WHILE_DEGRADED_MS);
      dropping.unref();
    }
  }
  const stopFollowing = health.onChange(followRedis);
  followRedis(); // not live until the first subscription

  subscriber.on('ready', () => {
    subscriber.subscribe(CHANNEL).then(
      () => {
        subscribed = true;
        markReady();
        followRedis();
      },
      // The connection was lost again before the answer; the next 'ready' subscribes again.
      (error: unknown) => logger.debug({ err: error }, 'cache invalidation channel not subscribed'),
    );
  });
  subscriber.on('close', () => {
    subscribed = false;
    followRedis();
  });
  subscriber.on('message', (_channel: string, raw: string) => {
    const message = JSON.parse(raw) as Invalidation;
    if (message.from !== instanceId) cache.del(message.region, message.key);
  });

  const publish = (message: Omit<Invalidation, 'from'>) => {
    // While Redis is away the others drop their seat maps on their own, and all of their cache on return.
    if (redis.status !== 'ready') return;
    redis.publish(CHANNEL, JSON.stringify({ ...message, from: instanceId })).catch((error: unknown) => {
      if (redis.status !== 'ready') return; // the connection just dropped: redis-health.ts logs the outage
      logger.warn({ err: error }, 'cache invalidation not published; other instances rely on the cache TTL');
    });
  };
  const unsubscribers = [
    events.on('seats.changed', ({ showtimeId }) => publish({ region: 'seat-maps', key: showtimeId })),
    events.on('catalog.changed', () => publish({ region: 'catalog' })),
  ];

  return {
    ready,
    async close() {
      closed = true;
      for (const unsubscribe of unsubscribers) unsubscribe();
      stopFollowing();
      clearInterval(dropping);
      if (subscriber.status === 'ready') await subscriber.quit().catch(() => subscriber.disconnect());
      else subscriber.disconnect(); // a quit would wait in the offline queue for a reconnection
    },
  };
}
