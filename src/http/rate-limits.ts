// The rate limiters (express-rate-limit). Each one counts requests per key in a fixed window and answers
// 429 RATE_LIMITED with Retry-After and the draft-8 RateLimit headers once a key goes over its limit:
// - api:        every /api request, per client IP (req.ip, which honours TRUST_PROXY hops only);
// - auth:       login and register, per IP and separately per account email, against password guessing;
// - holds:      hold, extend and purchase, per signed-in user whatever IP they come from;
// - holdCycles: hold creations per user per showtime, against hoarding seats by hold/release loops.
// With REDIS_URL set the counters live in Redis, so every instance behind a load balancer shares them;
// while Redis is away each instance counts in its own memory (rate-limit-store.ts).
import type { RequestHandler } from 'express';
import { rateLimit, type Options, type Store } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { Counter } from 'prom-client';
import type { Config } from '../config';
import { AppError } from '../lib/errors';
import type { Metrics } from '../lib/metrics';
import { RedisOrMemoryStore } from './rate-limit-store';

export type RateLimiters = {
  api: RequestHandler[];
  auth: RequestHandler[];
  holds: RequestHandler[];
  holdCycles: RequestHandler[];
};

type LimiterSpec = {
  name: string;
  limit: number;
  windowSeconds: number;
  key?: Options['keyGenerator'];
  skip?: Options['skip'];
  skipSuccessfulRequests?: boolean;
};

/** The signed-in user's id; route.ts authenticates before it runs the `before` handlers. */
const userIdOf = (res: { locals: Record<string, unknown> }) => (res.locals.user as { id: string } | undefined)?.id;

/** The account an auth request is about, normalised the way the auth schemas normalise it. */
function emailOf(body: unknown): string | undefined {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase().slice(0, 254) : undefined;
}

export function createRateLimiters(config: Config, metrics: Metrics, options: { redis?: Redis } = {}): RateLimiters {
  if (!config.RATE_LIMIT_ENABLED) return { api: [], auth: [], holds: [], holdCycles: [] };

  // Reused if another app was already built on the same context's registry.
  const rejections =
    (metrics.registry.getSingleMetric('marquee_rate_limit_rejections_total') as Counter<'limiter'> | undefined) ??
    new Counter({
      name: 'marquee_rate_limit_rejections_total',
      help: 'Requests answered 429 RATE_LIMITED, by limiter',
      labelNames: ['limiter'] as const,
      registers: [metrics.registry],
    });

  function storeFor(name: string): Store | undefined {
    const redis = options.redis;
    if (!redis) return undefined; // express-rate-limit's in-memory store, one per limiter
    return new RedisOrMemoryStore(redis, `${config.RATE_LIMIT_REDIS_PREFIX}${name}:`);
  }

  function limiter(spec: LimiterSpec): RequestHandler {
    rejections.inc({ limiter: spec.name }, 0); // shows the series at 0 before the first rejection
    return rateLimit({
      windowMs: spec.windowSeconds * 1000,
      limit: spec.limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      identifier: spec.name,
      store: storeFor(spec.name),
      ...(spec.key ? { keyGenerator: spec.key } : {}),
      skip: spec.skip,
      skipSuccessfulRequests: spec.skipSuccessfulRequests ?? false,
      // With TRUST_PROXY=0 a client's X-Forwarded-For is ignored on purpose, not a misconfiguration.
      validate: { xForwardedForHeader: false },
      handler(_req, res, next) {
        rejections.inc({ limiter: spec.name });
        const retryAfterSeconds = Number(res.getHeader('Retry-After') ?? spec.windowSeconds);
        next(new AppError('RATE_LIMITED', 'Too many requests, please slow down and try again later', { retryAfterSeconds }));
      },
    });
  }

  const window = config.RATE_LIMIT_WINDOW_SECONDS;
  return {
    api: [limiter({ name: 'api', limit: config.RATE_LIMIT_API_PER_WINDOW, windowSeconds: window })],
    auth: [
      limiter({ name: 'auth-ip', limit: config.RATE_LIMIT_AUTH_PER_WINDOW, windowSeconds: window }),
      // Keyed by the account, so guessing one account's password from many IPs trips it too. Only
      // failed attempts count, so the account's owner logging in does not use up the allowance.
      limiter({
        name: 'auth-account',
        limit: config.RATE_LIMIT_AUTH_PER_ACCOUNT_PER_WINDOW,
        windowSeconds: window,
        key: (req) => `email:${emailOf(req.body)}`,
        skip: (req) => emailOf(req.body) === undefined,
        skipSuccessfulRequests: true,
      }),
    ],
    holds: [
      limiter({
        name: 'holds',
        limit: config.RATE_LIMIT_HOLDS_PER_WINDOW,
        windowSeconds: window,
        key: (_req, res) => `user:${userIdOf(res)}`,
        skip: (_req, res) => userIdOf(res) === undefined,
      }),
    ],
    holdCycles: [
      limiter({
        name: 'hold-cycles',
        limit: config.RATE_LIMIT_HOLD_CYCLES_PER_SHOWTIME,
        windowSeconds: config.RATE_LIMIT_HOLD_CYCLES_WINDOW_SECONDS,
        key: (req, res) => `user:${userIdOf(res)}:showtime:${String(req.params.id)}`,
        skip: (_req, res) => userIdOf(res) === undefined,
      }),
    ],
  };
}
