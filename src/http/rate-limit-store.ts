// The counters of one rate limiter when REDIS_URL is set: in Redis while Redis is connected, so every
// instance shares them, and in this process's memory while it is not. express-rate-limit's own
// `passOnStoreError` would admit every request during an outage; counting locally keeps each instance's
// limit meanwhile (N instances then admit up to N times the limit between them). Counts do not move
// between the two: after a switch a client's count starts from what that store remembers.
import { MemoryStore, type ClientRateLimitInfo, type IncrementResponse, type Options, type Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { Redis } from 'ioredis';

export class RedisOrMemoryStore implements Store {
  readonly prefix: string;
  private readonly shared: RedisStore;
  private readonly local = new MemoryStore();
  private options?: Options;
  /** RedisStore loads its scripts in init(); rerun after a failure (Redis was away), on the next request. */
  private sharedReady?: Promise<void>;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.prefix = prefix; // also keeps express-rate-limit's double-count check apart per limiter
    this.shared = new RedisStore({
      prefix,
      sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply>,
    });
  }

  init(options: Options): void {
    this.options = options;
    this.local.init(options);
  }

  /** Runs `command` on the Redis counters while Redis is connected; on the local ones otherwise. */
  private async either<T>(command: (store: Store) => T | Promise<T>): Promise<T> {
    if (this.redis.status === 'ready' && this.options) {
      try {
        this.sharedReady ??= this.shared.init(this.options);
        await this.sharedReady;
        return await command(this.shared);
      } catch {
        // Redis went away in the middle (redis-health.ts logs the outage); count this one locally.
        this.sharedReady = undefined;
      }
    }
    return command(this.local);
  }

  get(key: string): Promise<ClientRateLimitInfo | undefined> {
    return this.either((store) => store.get?.(key));
  }

  increment(key: string): Promise<IncrementResponse> {
    return this.either((store) => store.increment(key));
  }

  decrement(key: string): Promise<void> {
    return this.either((store) => store.decrement(key));
  }

  resetKey(key: string): Promise<void> {
    return this.either((store) => store.resetKey(key));
  }

  shutdown(): void {
    this.local.shutdown();
  }
}
