// createApp(context): middleware, routers and the error handler. It never listens; main.ts and the tests
// put it on a server.
import express from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { AppContext } from './context';
import { createErrorHandler, notFoundHandler } from './http/error-handler';
import { metricsMiddleware, openApiDocument, operationsRouter } from './http/operations.routes';
import { mountRoutes } from './http/route';
import { authRoutes, createAuthenticator } from './modules/auth';
import { catalogRoutes } from './modules/catalog';

export function createApp(context: AppContext) {
  const { config, logger, metrics, services } = context;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY);
  app.use(helmet());
  app.use(metricsMiddleware(metrics));
  app.use(pinoHttp({ logger, autoLogging: { ignore: (req) => req.url === '/healthz' } }));
  app.use(express.json({ limit: config.BODY_LIMIT, strict: true }));

  const registry = new OpenAPIRegistry();
  const routes = [...authRoutes(services.auth, { auth: [] }), ...catalogRoutes(services.catalog, context.clock)];
  app.use(mountRoutes(routes, createAuthenticator(services.auth), registry));
  app.use(operationsRouter({ metrics, checkDatabase: context.checkDatabase, openApi: () => openApiDocument(registry) }));

  app.use(notFoundHandler);
  app.use(createErrorHandler(logger));
  return app;
}
