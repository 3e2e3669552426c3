// Starts Marquee on a real HTTP server: migrations, context, background engines, then listen. Used by
// main.ts, the end-to-end tests (which spawn or start it on a random port) and the benchmark.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config';
import { migrate } from './db/migrate';
import { createApp } from './app';
import { createContext, type ContextOptions } from './context';
import { seedDemoData } from './db/seed';
import { attachRealtime } from './modules/realtime';

export async function startServer(config: Config, options: ContextOptions = {}) {
  await migrate(config.DATABASE_URL);
  const context = createContext(config, options);
  const { logger } = context;
  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
    await context.services.auth.ensureAdmin(config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
  }
  if (config.SEED_DEMO_DATA) await seedDemoData(context);
  // Holds whose deadline passed while the service was down are released before the first request.
  await context.expiryEngine.start();

  const app = createApp(context);
  const server = http.createServer(app);
  const realtime = attachRealtime(server, context);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  logger.info({ url, database: config.DATABASE_URL.split(':')[0] }, 'Marquee is listening');

  let stopping: Promise<void> | undefined;
  /** Stops accepting connections, lets in-flight requests finish (up to the timeout), closes the database. */
  function stop() {
    stopping ??= (async () => {
      // Sockets first: open websockets would otherwise keep server.close() waiting.
      await realtime.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timeout = setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_TIMEOUT_MS);
      await closed;
      clearTimeout(timeout);
      await context.close();
      logger.info('Marquee stopped');
    })();
    return stopping;
  }

  return { server, context, realtime, url, port, stop };
}

export type RunningServer = Awaited<ReturnType<typeof startServer>>;
