// Operations endpoints: liveness, readiness, Prometheus metrics, and the OpenAPI document with its viewer
// (swagger-ui-express serves the viewer from the installed package, no CDN).
import { Router, type RequestHandler } from 'express';
import swaggerUi from 'swagger-ui-express';
import { OpenApiGeneratorV31, type OpenAPIRegistry, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import type { Metrics } from '../lib/metrics';

/** The operations endpoints are plain Express routes, so they are described here by hand. */
function describeOperations(registry: OpenAPIRegistry) {
  const text = (description: string, type: string) => ({ description, content: { [type]: { schema: { type: 'string' as const } } } });
  const json = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' as const } } } });
  const paths: { path: string; summary: string; responses: Record<number, ResponseConfig> }[] = [
    { path: '/healthz', summary: 'Liveness: the process is up', responses: { 200: json('Up') } },
    { path: '/readyz', summary: 'Readiness: the database answers', responses: { 200: json('Ready'), 503: json('Database unreachable') } },
    { path: '/metrics', summary: 'Prometheus metrics', responses: { 200: text('Prometheus text format', 'text/plain') } },
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
      description: 'Movie-theater seat booking: seat holds, purchases, a FIFO waitlist and live seat maps. ' +
        'Errors always look like {"error":{"code","message","details"}}.',
    },
  });
}

export function operationsRouter(deps: {
  instanceId: string;
  metrics: Metrics;
  checkDatabase: () => Promise<void>;
  openApi: () => object;
}): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', instance: deps.instanceId });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      await deps.checkDatabase();
      res.json({ status: 'ready', database: 'ok' });
    } catch {
      res.status(503).json({ status: 'not ready', database: 'unreachable' });
    }
  });
  router.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
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
