// The composition root: builds the database client, the event bus and every module's service once, and
// hands them to the HTTP app, the realtime server and the background engines. Plain function calls, no
// container: follow the names to find any piece.
import { Redis } from 'ioredis';
import type { Config } from './config';
import { createDatabase } from './db/client';
import { createReplicaSet } from './db/replicas';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { createCache } from './lib/cache';
import { syncCacheThroughRedis } from './lib/cache-sync';
import { systemClock, type Clock } from './lib/clock';
import { createEventBus } from './lib/events';
import { createLogger, type Logger } from './lib/logger';
import { createMetrics } from './lib/metrics';
import { createRedisHealth, requestPathRedisOptions } from './lib/redis-health';
import { createAdminRepository, createAdminService, createReportsRepository } from './modules/admin';
import { createAuthService, createTokens, createUsersRepository } from './modules/auth';
import { createCatalogRepository, createCatalogService, createProgrammeRepository, createSeatStateRepository } from './modules/catalog';
import { createSeatLedger } from './modules/seats';
import {
  createExpiryEngine,
  createFakePaymentGateway,
  createHoldsService,
  createIdempotencyStore,
  type PaymentGateway,
} from './modules/holds';
import { createBookingsService } from './modules/bookings';
import { createTicketsService } from './modules/tickets';
import { createWaitlistService } from './modules/waitlist';
import { createQueueEngine, createWaitingRoomService } from './modules/queue';
import { createClassroomRepository, createSnapshotBuilder } from './modules/classroom';

export type ContextOptions = { clock?: Clock; logger?: Logger; payments?: PaymentGateway };

export function createContext(config: Config, options: ContextOptions = {}) {
  // Who this process is: the id a load balancer's clients see (X-Marquee-Instance), and a boot id that is
  // new at every start, so work left "in progress" by an earlier life of the same instance is recognisable.
  const instance = { id: config.INSTANCE_ID ?? `${hostname()}-${process.pid}`, bootId: randomUUID() };
  const logger = (options.logger ?? createLogger(config.LOG_LEVEL)).child({ instance: instance.id });
  const clock = options.clock ?? systemClock;
  const { db, sql } = createDatabase(config.DATABASE_URL, {
    poolSize: config.DATABASE_POOL_SIZE,
    sqliteSynchronous: config.SQLITE_SYNCHRONOUS,
    onIdleConnectionError: (error) => logger.warn({ err: error }, 'an idle database connection failed; the pool replaces it'),
  });
  const metrics = createMetrics();
  // Read replicas (docs/replication.md): anonymous catalog and seat-map reads; writes stay on `db`.
  const replicas =
    config.DATABASE_REPLICA_URLS.length > 0
      ? createReplicaSet({
          primary: sql,
          urls: config.DATABASE_REPLICA_URLS,
          maxLagSeconds: config.REPLICA_MAX_LAG_SECONDS,
          intervalMs: config.REPLICA_HEALTH_INTERVAL_MS,
          poolSize: config.DATABASE_POOL_SIZE,
          logger,
          registry: metrics.registry,
        })
      : undefined;
  void replicas?.start();
  const events = createEventBus((error, event) => logger.error({ err: error, event }, 'event listener failed'));
  const cache = createCache({ enabled: config.CACHE_ENABLED, ttlSeconds: config.CACHE_TTL_SECONDS, registry: metrics.registry });
  // Shared state between instances (rate-limit counters, cache invalidations); absent when REDIS_URL is
  // not set. Redis may come and go; redisHealth says which, and what degrades meanwhile (lib/redis-health.ts).
  const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, requestPathRedisOptions) : undefined;
  const redisHealth = createRedisHealth({
    logger,
    registry: redis ? metrics.registry : undefined,
    messages: {
      lost: 'Redis unavailable; rate limits count per instance and seat maps are cached for a second at most until it is back',
      back: 'Redis available again; rate limits and cache invalidations are shared again',
    },
  });
  if (redis) redisHealth.watch(redis, 'shared state');
  // With several instances, each one's cache also drops what the others' writes changed.
  const cacheSync =
    redis && config.CACHE_ENABLED
      ? syncCacheThroughRedis({ cache, events, redis, health: redisHealth, instanceId: instance.bootId, logger })
      : undefined;

  const auth = createAuthService({
    users: createUsersRepository(db, sql),
    tokens: createTokens(config.JWT_SECRET, config.JWT_TTL_SECONDS, clock),
    bcryptCost: config.BCRYPT_COST,
  });
  const catalog = createCatalogService({
    catalog: createCatalogRepository(db),
    programme: createProgrammeRepository(db),
    seatState: createSeatStateRepository(db, sql),
    events,
    cache,
    // Another instance's writes reach this cache a few milliseconds late (cache-sync.ts); the check closes that gap.
    verifySeatMapVersion: config.CACHE_VERIFY_VERSION,
    replicas,
  });
  const ledger = createSeatLedger({ sql, clock, events });
  const holds = createHoldsService({
    db,
    sql,
    clock,
    ledger,
    catalog,
    payments:
      options.payments ??
      createFakePaymentGateway(db, { delayMs: config.FAKE_PAYMENT_DELAY_MS, failureRate: config.FAKE_PAYMENT_FAILURE_RATE }),
    events,
    checkout: {
      registers: config.CHECKOUT_REGISTERS,
      lineMax: config.CHECKOUT_LINE_MAX,
      lineTimeoutMs: config.CHECKOUT_LINE_TIMEOUT_MS,
      breaker: {
        errorThresholdPercentage: config.PAYMENT_BREAKER_ERROR_PERCENT,
        volumeThreshold: config.PAYMENT_BREAKER_VOLUME,
        resetTimeoutMs: config.PAYMENT_BREAKER_RESET_MS,
      },
      registry: metrics.registry,
    },
    idempotency: createIdempotencyStore(db, { ttlHours: config.IDEMPOTENCY_TTL_HOURS, owner: instance }),
    limits: {
      holdTtlSeconds: config.HOLD_TTL_SECONDS,
      extendSeconds: config.HOLD_EXTEND_SECONDS,
      maxSeatsPerHold: config.MAX_SEATS_PER_HOLD,
      maxSeatsPerUser: config.MAX_SEATS_PER_USER,
      maxSeatsPerUserTotal: config.MAX_SEATS_PER_USER_TOTAL,
    },
  });
  const bookings = createBookingsService({ db, ledger, clock, catalog });
  const tickets = createTicketsService({ db, sql, clock, catalog });
  const waitlist = createWaitlistService({
    db,
    sql,
    clock,
    ledger,
    catalog,
    holds,
    aliasSecret: config.JWT_SECRET,
    offerTtlSeconds: config.WAITLIST_OFFER_TTL_SECONDS,
    maxSeatsPerUser: config.MAX_SEATS_PER_USER,
  });
  // Freed seats go to the waitlist inside the same transaction, before the public can see them free.
  ledger.addHooks(waitlist.hooks);
  const expiryEngine = createExpiryEngine({
    holds,
    events,
    clock,
    logger,
    sweepIntervalMs: config.HOLD_SWEEP_INTERVAL_MS,
    warningSeconds: config.HOLD_EXPIRING_WARNING_SECONDS,
  });
  const queue = createWaitingRoomService({
    sql,
    clock,
    events,
    logger,
    catalog,
    admissionMinutes: config.QUEUE_ADMISSION_MINUTES,
    heartbeatTimeoutSeconds: config.QUEUE_HEARTBEAT_TIMEOUT_SECONDS,
  });
  const queueEngine = createQueueEngine({ queue, logger, tickMs: config.QUEUE_TICK_MS });
  const admin = createAdminService({
    admin: createAdminRepository(db),
    reports: createReportsRepository(db),
    currency: config.CURRENCY,
    showtimes: { ledger, catalog, waitlist },
    registry: metrics.registry,
    clock,
    replicaHealth: replicas?.health,
  });

  async function checkDatabase() {
    await db.$queryRawUnsafe('SELECT 1');
  }
  // The classroom view's figures for this instance (src/modules/classroom), built only while an admin watches.
  const classroom = createSnapshotBuilder({
    instance,
    clock,
    registry: metrics.registry,
    repository: createClassroomRepository(sql),
    registers: config.CHECKOUT_REGISTERS,
    checkoutState: holds.checkoutState,
    checkDatabase,
    redisState: redisHealth.state,
    replicaHealth: replicas?.health,
  });

  return {
    config,
    instance,
    logger,
    clock,
    db,
    sql,
    events,
    metrics,
    cache,
    cacheSync,
    redis,
    redisHealth,
    replicas,
    ledger,
    expiryEngine,
    queueEngine,
    services: { auth, catalog, admin, holds, bookings, tickets, waitlist, queue },
    classroom,
    checkDatabase,
    async close() {
      await expiryEngine.stop();
      await queueEngine.stop();
      cache.close();
      redisHealth.stop(); // closing the connections below is not an outage
      await cacheSync?.close();
      if (redis?.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis?.disconnect();
      await replicas?.close();
      await db.$disconnect();
      await sql.close();
    },
  };
}

export type AppContext = ReturnType<typeof createContext>;
