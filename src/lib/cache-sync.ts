// Keeps the caches of several instances in step. Each instance invalidates its own cache synchronously
// on its own writes (see catalog.service.ts); with REDIS_URL set it also publishes what it invalidated,
// and every other instance drops the same entries when the message arrives (a few milliseconds later).
import type { Redis } from 'ioredis';
import type { Cache, CacheRegion } from './cache';
import type { EventBus } from './events';
import type { Logger } from './logger';

const CHANNEL = 'marquee:cache-invalidation';
type Invalidation = { from: string; region: CacheRegion; key?: string };

export function syncCacheThroughRedis(deps: { cache: Cache; events: EventBus; redis: Redis; instanceId: string; logger: Logger }) {
  const { cache, events, redis, instanceId, logger } = deps;
  // A connection in subscriber mode can do nothing else, so it gets its own.
  const subscriber = redis.duplicate();
  const publish = (message: Omit<Invalidation, 'from'>) => {
    redis.publish(CHANNEL, JSON.stringify({ ...message, from: instanceId })).catch((error: unknown) => {
      logger.warn({ err: error }, 'cache invalidation not published; other instances rely on the cache TTL');
    });
  };
  const unsubscribers = [
    events.on('seats.changed', ({ showtimeId }) => publish({ region: 'seat-maps', key: showtimeId })),
    events.on('catalog.changed', () => publish({ region: 'catalog' })),
  ];
  subscriber.on('message', (_channel: string, raw: string) => {
    const message = JSON.parse(raw) as Invalidation;
    if (message.from !== instanceId) cache.del(message.region, message.key);
  });
  const ready = subscriber.subscribe(CHANNEL);

  return {
    ready,
    async close() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}
