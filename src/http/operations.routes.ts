// Operations endpoints: liveness, readiness, Prometheus metrics, and the OpenAPI document with its viewer
// (swagger-ui-express serves the viewer from the installed package, no CDN).
import { Router, type RequestHandler } from 'express';
import swaggerUi from 'swagger-ui-express';
import { OpenApiGeneratorV31, type OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Metrics } from '../lib/metrics';

export function openApiDocument(registry: OpenAPIRegistry) {
  registry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
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
  metrics: Metrics;
  checkDatabase: () => Promise<void>;
  openApi: () => object;
}): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
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
