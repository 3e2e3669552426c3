// The only reader of process.env. Every setting is parsed here with zod, with its default, so a bad value
// stops the service at start with a message that names the setting. .env.example documents each one.
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  // A unix socket to serve on as well (for a load balancer on this machine; see npm run cluster).
  UNIX_SOCKET_PATH: z.string().min(1).max(100).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, 'must start with file: (SQLite) or postgresql:// (Postgres)')
    .default('file:./data/marquee.db'),
  DATABASE_POOL_SIZE: int(1, 200).default(10),
  SQLITE_SYNCHRONOUS: z.enum(['NORMAL', 'FULL']).default('NORMAL'),
  // Read replicas of DATABASE_URL (Postgres, comma-separated): anonymous catalog and seat-map reads go there.
  DATABASE_REPLICA_URLS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((url) => url.trim())
        .filter(Boolean),
    )
    .refine((urls) => urls.every((url) => /^postgres(ql)?:\/\//.test(url)), 'every replica URL must start with postgresql://'),
  REPLICA_MAX_LAG_SECONDS: z.coerce.number().positive().max(3600).default(5),
  REPLICA_HEALTH_INTERVAL_MS: int(50, 60_000).default(1000),

  JWT_SECRET: z.string().min(16, 'must be at least 16 characters').default('dev-only-secret-change-me-please'),
  JWT_TTL_SECONDS: int(60, 60 * 60 * 24 * 30).default(60 * 60 * 12),
  BCRYPT_COST: int(4, 15).default(10),
  ADMIN_EMAIL: z.string().email().optional(),
  // bcrypt reads 72 bytes at most; a longer admin password would be silently cut.
  ADMIN_PASSWORD: z
    .string()
    .min(8)
    .refine((value) => Buffer.byteLength(value, 'utf8') <= 72, 'at most 72 bytes')
    .optional(),

  HOLD_TTL_SECONDS: z.coerce.number().positive().max(3600).default(300),
  HOLD_EXTEND_SECONDS: z.coerce.number().positive().max(3600).default(120),
  HOLD_EXPIRING_WARNING_SECONDS: z.coerce.number().min(0).max(3600).default(60),
  HOLD_SWEEP_INTERVAL_MS: int(50, 3_600_000).default(5000),
  MAX_SEATS_PER_HOLD: int(1, 100).default(10),
  MAX_SEATS_PER_USER: int(1, 100).default(10),
  MAX_SEATS_PER_USER_TOTAL: int(1, 1000).default(20),
  WAITLIST_OFFER_TTL_SECONDS: z.coerce.number().positive().max(3600).default(120),
  IDEMPOTENCY_TTL_HOURS: z.coerce
    .number()
    .min(24)
    .max(24 * 30)
    .default(24),
  FAKE_PAYMENT_DELAY_MS: int(0, 10_000).default(0),
  // --- Checkout --- (docs/checkout-lanes.md)
  CHECKOUT_REGISTERS: int(1, 1000).default(4),
  CHECKOUT_LINE_MAX: int(0, 100_000).default(50),
  CHECKOUT_LINE_TIMEOUT_MS: int(1, 600_000).default(10_000),
  PAYMENT_BREAKER_ERROR_PERCENT: int(1, 100).default(50),
  PAYMENT_BREAKER_VOLUME: int(1, 10_000).default(5),
  PAYMENT_BREAKER_RESET_MS: int(10, 600_000).default(30_000),
  FAKE_PAYMENT_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
  // --- Waiting room --- (docs/queues.md)
  QUEUE_ADMISSION_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(10),
  QUEUE_HEARTBEAT_TIMEOUT_SECONDS: int(5, 86_400).default(60),
  QUEUE_TICK_MS: int(50, 60_000).default(1000),

  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'like 100kb')
    .default('100kb'),
  CORS_ORIGINS: z.string().default(''),
  TRUST_PROXY: int(0, 10).default(0),
  CACHE_ENABLED: bool.default(true),
  CACHE_TTL_SECONDS: int(1, 86_400).default(60),
  CACHE_HTTP_MAX_AGE_SECONDS: int(0, 3600).default(5),
  CACHE_VERIFY_VERSION: bool.optional(),
  REALTIME_COALESCE_MS: int(0, 5000).default(50),
  REDIS_URL: z.string().url().optional(),
  INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, dash or underscore, at most 64')
    .optional(),

  SOCKET_MAX_ROOMS: int(1, 1000).default(10),
  SOCKET_EVENTS_PER_SECOND: int(1, 10_000).default(10),
  SOCKET_EVENT_BURST: int(1, 10_000).default(20),
  SOCKET_ABUSE_DISCONNECT_AFTER: int(1, 10_000).default(20),
  SOCKET_MAX_CONNECTIONS_PER_IP: int(1, 100_000).default(50),
  SOCKET_MAX_PAYLOAD_BYTES: int(256, 10_000_000).default(16_384),

  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  METRICS_PORT: int(0, 65535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),

  RATE_LIMIT_ENABLED: bool.default(true),
  RATE_LIMIT_WINDOW_SECONDS: int(1, 3600).default(60),
  RATE_LIMIT_API_PER_WINDOW: int(1, 1_000_000).default(600),
  RATE_LIMIT_AUTH_PER_WINDOW: int(1, 1_000_000).default(10),
  RATE_LIMIT_AUTH_PER_ACCOUNT_PER_WINDOW: int(1, 1_000_000).default(10),
  RATE_LIMIT_HOLDS_PER_WINDOW: int(1, 1_000_000).default(30),
  RATE_LIMIT_HOLD_CYCLES_PER_SHOWTIME: int(1, 1_000_000).default(20),
  RATE_LIMIT_HOLD_CYCLES_WINDOW_SECONDS: int(1, 86_400).default(3600),
  RATE_LIMIT_REDIS_PREFIX: z.string().max(100).default('marquee:rate-limit:'),

  // The currency of every price (ISO 4217, e.g. USD, EUR, GBP): shown in the web app and the API docs.
  CURRENCY: z
    .string()
    .transform((value) => value.toUpperCase())
    .refine(
      (code) => /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf('currency').includes(code),
      'an ISO 4217 currency code like USD or EUR',
    )
    .default('USD'),

  SHUTDOWN_TIMEOUT_MS: int(0, 120_000).default(10_000),
  SEED_DEMO_DATA: bool.default(false),
});

export type Config = z.infer<typeof schema> & { CACHE_VERIFY_VERSION: boolean };
/** Every setting's name; test/unit/env-example.test.ts checks that .env.example documents each one. */
export const settingNames = Object.keys(schema.shape);

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const settings = parsed.data;
  const production = settings.NODE_ENV === 'production';
  if (production && settings.JWT_SECRET === schema.shape.JWT_SECRET.parse(undefined)) {
    throw new Error('Invalid configuration:\n  JWT_SECRET: set a secret of your own in production');
  }
  // Defaults that depend on other settings.
  return {
    ...settings,
    // One of several instances (they share Redis): a cached seat map is checked against the database's
    // seat version before it is served, since another instance may have just changed it.
    CACHE_VERIFY_VERSION: settings.CACHE_VERIFY_VERSION ?? settings.REDIS_URL !== undefined,
    // In production /metrics stays off the public port unless a token guards it there.
    METRICS_PORT: settings.METRICS_PORT ?? (production && settings.METRICS_TOKEN === undefined ? 9464 : undefined),
  };
}

export type DatabaseKind = 'sqlite' | 'postgres';

export function databaseKind(url: string): DatabaseKind {
  return url.startsWith('file:') ? 'sqlite' : 'postgres';
}
