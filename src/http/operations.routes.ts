// Operations endpoints: liveness, readiness, Prometheus metrics, and the OpenAPI document with its viewer
// (swagger-ui-express serves the viewer from the installed package, no CDN).
// /metrics tells an outsider a lot about the service (traffic, users online, errors), so it can be kept
// from the public: METRICS_TOKEN asks for `Authorization: Bearer <token>`, and METRICS_PORT serves it on
// a listener of its own (server.ts), which is usually reachable only inside the machine or cluster.
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { Router, type RequestHandler } from 'express';
import swaggerUi from 'swagger-ui-express';
import { OpenApiGeneratorV31, type OpenAPIRegistry, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import type { Config } from '../config';
import { AppError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import type { Metrics } from '../lib/metrics';
import type { RedisState } from '../lib/redis-health';
import { createErrorHandler, notFoundHandler } from './error-handler';

/** Who may read /metrics on a listener. */
export type MetricsAccess = {
  /** false on the public port when METRICS_PORT gives /metrics a listener of its own: it answers 404. */
  served: boolean;
  /** When set, the caller must send `Authorization: Bearer <token>`. */
  token?: string;
};

/** /metrics on the public API port, from METRICS_PORT and METRICS_TOKEN. */
export function publicMetricsAccess(config: Pick<Config, 'METRICS_PORT' | 'METRICS_TOKEN'>): MetricsAccess {
  return { served: config.METRICS_PORT === undefined, token: config.METRICS_TOKEN };
}

/** The operations endpoints are plain Express routes, so they are described here by hand. */
function describeOperations(registry: OpenAPIRegistry) {
  const text = (description: string, type: string) => ({ description, content: { [type]: { schema: { type: 'string' as const } } } });
  const json = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' as const } } } });
  const paths: { path: string; summary: string; responses: Record<number, ResponseConfig> }[] = [
    { path: '/healthz', summary: 'Liveness: the process is up', responses: { 200: json('Up') } },
    {
      path: '/readyz',
      summary: 'Readiness: the database answers; `redis` is "ok" or "degraded" (serving without it) when REDIS_URL is set',
      responses: { 200: json('Ready: {status, database, redis?}'), 503: json('Database unreachable') },
    },
    {
      path: '/metrics',
      summary:
        'Prometheus metrics. With METRICS_TOKEN set, send `Authorization: Bearer <METRICS_TOKEN>`; with METRICS_PORT ' +
        'set, they are served on that port (METRICS_HOST, default 127.0.0.1) and this port answers 404',
      responses: {
        200: text('Prometheus text format', 'text/plain'),
        401: json('UNAUTHENTICATED: METRICS_TOKEN is set and the bearer token is missing or wrong'),
        404: json('NOT_FOUND: METRICS_PORT is set, so metrics are not served on this port'),
      },
    },
    { path: '/api/openapi.json', summary: 'This OpenAPI document', responses: { 200: json('OpenAPI 3.1') } },
    { path: '/api/docs', summary: 'The API viewer (Swagger UI, served locally)', responses: { 200: text('HTML page', 'text/html') } },
  ];
  for (const { path, summary, responses } of paths) {
    registry.registerPath({ method: 'get', path, summary, tags: ['operations'], responses });
  }
}

export function openApiDocument(registry: OpenAPIRegistry) {
  registry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  describeOperations(registry);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Marquee',
      version: '0.1.0',
      description:
        'Movie-theater seat booking: seat holds, purchases, a FIFO waitlist and live seat maps. ' +
        'Errors always look like {"error":{"code","message","details"}}.',
    },
  });
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** GET /metrics, or 404 where it is not served. Tokens are compared as hashes, in constant time. */
function metricsHandler(metrics: Metrics, access: MetricsAccess): RequestHandler {
  const expected = access.token === undefined ? undefined : sha256(access.token);
  return async (req, res, next) => {
    if (!access.served) return next(new AppError('NOT_FOUND', 'Metrics are served on METRICS_PORT, not on this port'));
    if (expected) {
      const [scheme, token] = (req.get('authorization') ?? '').split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !token || !timingSafeEqual(sha256(token), expected)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        return next(new AppError('UNAUTHENTICATED', 'Reading metrics needs Authorization: Bearer <METRICS_TOKEN>'));
      }
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}

/** The listener of its own that serves /metrics when METRICS_PORT is set (started by server.ts). */
export function metricsOnlyApp(deps: { metrics: Metrics; token?: string; logger: Logger }) {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metricsHandler(deps.metrics, { served: true, token: deps.token }));
  app.use(notFoundHandler);
  app.use(createErrorHandler(deps.logger));
  return app;
}

export function operationsRouter(deps: {
  instanceId: string;
  metrics: Metrics;
  checkDatabase: () => Promise<void>;
  /** Redis as /readyz reports it; 'off' (left out of the answer) when REDIS_URL is not set. */
  redisState?: () => RedisState;
  /** Default: served to anyone, as before METRICS_TOKEN and METRICS_PORT. */
  metricsAccess?: MetricsAccess;
  openApi: () => object;
}): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', instance: deps.instanceId });
  });
  // Redis being away is not "not ready": the service still serves, with per-instance fallbacks.
  router.get('/readyz', async (_req, res) => {
    const redis = deps.redisState?.() ?? 'off';
    const redisField = redis === 'off' ? {} : { redis };
    try {
      await deps.checkDatabase();
      res.json({ status: 'ready', database: 'ok', ...redisField });
    } catch {
      res.status(503).json({ status: 'not ready', database: 'unreachable', ...redisField });
    }
  });
  router.get('/metrics', metricsHandler(deps.metrics, deps.metricsAccess ?? { served: true }));
  let document: object | undefined;
  router.get('/api/openapi.json', (_req, res) => {
    document ??= deps.openApi();
    res.json(document);
  });
  router.use('/api/docs', swaggerUi.serve as unknown as RequestHandler[]);
  router.get('/api/docs', swaggerUi.setup(undefined, { swaggerOptions: { url: '/api/openapi.json' } }) as RequestHandler);
  return router;
}

export function metricsMiddleware(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const stop = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      // The route pattern (/api/holds/:id), not the URL, keeps the label set small.
      const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched';
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      stop({ method: req.method, route });
    });
    next();
  };
}
