// With REDIS_URL set, rooms span every instance: a broadcast on one instance is published through Redis
// and delivered by every instance to its own sockets in that room. Each instance only broadcasts the
// events of its own writes, which is enough because every write happens on exactly one instance.
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Server } from 'socket.io';
import type { Logger } from '../../lib/logger';

export function connectRedisAdapter(io: Server, url: string, logger: Logger) {
  const publisher = new Redis(url, { lazyConnect: false });
  const subscriber = publisher.duplicate();
  for (const client of [publisher, subscriber]) {
    client.on('error', (error) => logger.error({ err: error }, 'realtime redis connection failed'));
  }
  io.adapter(createAdapter(publisher, subscriber));
  return {
    async quit() {
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
    },
  };
}
