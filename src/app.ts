// createApp(context): middleware, routers and the error handler. It never listens; main.ts and the tests
// put it on a server.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import cors from 'cors';
import express from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { AppContext } from './context';
import { createErrorHandler, notFoundHandler } from './http/error-handler';
import { metricsMiddleware, openApiDocument, operationsRouter, publicMetricsAccess } from './http/operations.routes';
import { createRateLimiters } from './http/rate-limits';
import { mountRoutes } from './http/route';
import { describeMoney, settingsRoutes } from './http/settings.routes';
import { adminRoutes } from './modules/admin';
import { authRoutes, createAuthenticator } from './modules/auth';
import { catalogRoutes } from './modules/catalog';
import { holdsRoutes } from './modules/holds';
import { bookingsRoutes } from './modules/bookings';
import { ticketsRoutes } from './modules/tickets';
import { auditRoutes } from './modules/audit';
import { waitlistRoutes } from './modules/waitlist';
import { admissionGuard, waitingRoomRoutes } from './modules/queue';
import { classroomRoutes } from './modules/classroom';

export function createApp(context: AppContext) {
  const { config, logger, metrics, services } = context;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY);
  // Every answer names the instance that served it, so a class can watch a load balancer spread traffic.
  app.use((_req, res, next) => {
    res.setHeader('X-Marquee-Instance', context.instance.id);
    next();
  });
  // Helmet's default CSP, minus upgrade-insecure-requests: over plain http on a LAN address (a class demo,
  // a box-office laptop) it would rewrite the web app's own script and styles to https and break the page.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  // An allow-list of other origins (a separate web front end). Empty means same-origin only: no CORS
  // headers at all, which is what cors({ origin: false }) would do, minus a pass through it per request.
  const origins = config.CORS_ORIGINS.split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  if (origins.length > 0) app.use(cors({ origin: origins }));
  app.use(metricsMiddleware(metrics));
  // The access log, one line per request at info (errors reach the log through the error handler). pino-http
  // builds a child logger around each request before it knows whether the line will be written, so it is
  // mounted only when info lines are (the default LOG_LEVEL, not the bench's warn).
  if (logger.isLevelEnabled('info')) {
    app.use(
      pinoHttp({
        logger,
        autoLogging: { ignore: (req) => req.url === '/healthz' },
        // A load balancer's request id (nginx in `npm run cluster` sets X-Request-Id) ties its log to ours.
        genReqId: (req) => requestIdOf(req.headers['x-request-id']) ?? randomUUID(),
      }),
    );
  }
  const limiters = createRateLimiters(config, metrics, { redis: context.redis });
  if (limiters.api.length > 0) app.use('/api', limiters.api); // none when rate limits are off
  app.use(express.json({ limit: config.BODY_LIMIT, strict: true }));

  const registry = new OpenAPIRegistry();
  const routes = [
    ...authRoutes(services.auth, { auth: limiters.auth }),
    ...catalogRoutes(services.catalog, context.clock, { maxAgeSeconds: config.CACHE_HTTP_MAX_AGE_SECONDS }),
    ...adminRoutes(services.admin),
    ...holdsRoutes(services.holds, { holds: limiters.holds, holdCycles: limiters.holdCycles }),
    ...bookingsRoutes(services.bookings),
    ...ticketsRoutes(services.tickets),
    ...auditRoutes(context.db),
    ...waitlistRoutes(services.waitlist),
    ...waitingRoomRoutes(services.queue),
    ...settingsRoutes({
      currency: config.CURRENCY,
      maxSeatsPerHold: config.MAX_SEATS_PER_HOLD,
      maxSeatsPerUser: config.MAX_SEATS_PER_USER,
    }),
    ...classroomRoutes(context.classroom),
  ];
  // While a showtime's waiting room is on, holding seats needs a live admission (403 NOT_ADMITTED).
  app.post('/api/showtimes/:id/holds', admissionGuard(services.queue, createAuthenticator(services.auth)));
  app.use(mountRoutes(routes, createAuthenticator(services.auth), registry));
  app.use(
    operationsRouter({
      instanceId: context.instance.id,
      metrics,
      metricsAccess: publicMetricsAccess(config),
      redisState: context.redisHealth.state,
      checkDatabase: context.checkDatabase,
      openApi: () => describeMoney(openApiDocument(registry), config.CURRENCY),
    }),
  );

  // The web app, built into dist/web by `npm run build:web`: its files, and index.html for every other
  // page path so links like /showtimes/:id work on reload. API and socket paths keep their 404s.
  const webRoot = path.resolve(__dirname, '../dist/web');
  app.use(express.static(webRoot));
  app.use((req, res, next) => {
    if (req.method !== 'GET' || /^\/(api|socket\.io)(\/|$)/.test(req.path)) return next();
    res.sendFile('index.html', { root: webRoot }, (error) => error && next());
  });

  app.use(notFoundHandler);
  app.use(createErrorHandler(logger));
  return app;
}

/** A client-supplied request id, if it is a plausible one (it goes into log lines). */
function requestIdOf(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && /^[A-Za-z0-9._-]{1,100}$/.test(header) ? header : undefined;
}
