// Starts Marquee on a real HTTP server: migrations, context, background engines, then listen. Used by
// main.ts, the end-to-end tests (which spawn or start it on a random port) and the benchmark.
import http from 'node:http';
import { chmodSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import type { Config } from './config';
import { migrate } from './db/migrate';
import { withStartupLock } from './db/startup-lock';
import { createApp } from './app';
import { metricsOnlyApp } from './http/operations.routes';
import { createContext, type ContextOptions } from './context';
import { seedDemoData } from './demo-data';
import { attachRealtime } from './modules/realtime';

export async function startServer(config: Config, options: ContextOptions = {}) {
  // The start-up writes, one instance at a time when several start together (src/db/startup-lock.ts).
  const context = await withStartupLock(config.DATABASE_URL, async () => {
    await migrate(config.DATABASE_URL);
    const context = createContext(config, options);
    if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
      await context.services.auth.ensureAdmin(config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
    }
    if (config.SEED_DEMO_DATA) await seedDemoData(context);
    return context;
  });
  const { logger } = context;
  // Holds whose deadline passed while the service was down are released before the first request.
  await context.expiryEngine.start();
  context.queueEngine.start(); // waiting-room admissions (src/modules/queue/queue-engine.ts)

  const app = createApp(context);
  const server = http.createServer(app);
  server.on('clientError', answerUnreadableRequest);
  const realtime = attachRealtime(server, context);
  // With METRICS_PORT set, /metrics has a listener of its own (and the public port answers 404 for it).
  const metricsServer =
    config.METRICS_PORT === undefined
      ? undefined
      : http.createServer(metricsOnlyApp({ metrics: context.metrics, token: config.METRICS_TOKEN, logger }));
  // The metrics port first: a METRICS_PORT already in use stops the start before the public port opens.
  const metricsPort = metricsServer && (await listen(metricsServer, config.METRICS_PORT ?? 0, config.METRICS_HOST));
  const port = await listen(server, config.PORT, config.HOST);
  // The same HTTP server (and socket.io) on a unix socket too: its path survives a restart of the
  // instance, so a load balancer in front never needs a new address for it.
  const unixListener = config.UNIX_SOCKET_PATH === undefined ? undefined : await listenOnUnixSocket(server, config.UNIX_SOCKET_PATH);
  const url = `http://127.0.0.1:${port}`;
  const metricsUrl = metricsPort === undefined ? undefined : `http://${hostForUrl(config.METRICS_HOST)}:${metricsPort}`;
  logger.info({ url, metricsUrl, database: config.DATABASE_URL.split(':')[0] }, 'Marquee is listening');

  let stopping: Promise<void> | undefined;
  /** Stops accepting connections, lets in-flight requests finish (up to the timeout), closes the database. */
  function stop() {
    stopping ??= (async () => {
      // Sockets first: open websockets would otherwise keep server.close() waiting.
      await realtime.close();
      unixListener?.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timeout = setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_TIMEOUT_MS);
      await closed;
      clearTimeout(timeout);
      if (metricsServer?.listening) {
        const metricsClosed = new Promise<void>((resolve) => metricsServer.close(() => resolve()));
        metricsServer.closeAllConnections(); // a scraper's keep-alive connection has nothing in flight worth waiting for
        await metricsClosed;
      }
      await context.close();
      logger.info('Marquee stopped');
    })();
    return stopping;
  }

  return { server, context, realtime, url, port, metricsUrl, stop };
}

/**
 * Node's HTTP parser refuses some requests before Express sees them (a URL and headers over 16 KB, broken
 * HTTP), by default with a bare 431 or 400 and no body. Those get the contract's error body too, as 400
 * VALIDATION_FAILED, like any other input Marquee will not read.
 */
function answerUnreadableRequest(error: NodeJS.ErrnoException, socket: import('node:stream').Duplex) {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const message =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 'The request line and headers are too large (16 KB at most)'
      : 'The request could not be read as HTTP';
  const body = JSON.stringify({ error: { code: 'VALIDATION_FAILED', message, details: {} } });
  socket.end(
    `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Hands every connection on `path` to `server`, as if it had arrived on its TCP port. */
async function listenOnUnixSocket(server: http.Server, path: string) {
  rmSync(path, { force: true }); // a socket file left by a previous life of this instance
  const listener = createServer((connection) => server.emit('connection', connection));
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(path, resolve);
  });
  // The balancer in front often runs as another user (nginx workers as nobody or www-data). The socket is
  // as reachable as a loopback port is: by anyone on this machine.
  chmodSync(path, 0o666);
  return listener;
}

/** Listens and answers the port really bound (PORT=0 and METRICS_PORT=0 pick a free one). */
async function listen(server: http.Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return (server.address() as AddressInfo).port;
}

/** A URL's host for a listening address: 0.0.0.0 and :: are reachable on loopback; IPv6 needs brackets. */
function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

export type RunningServer = Awaited<ReturnType<typeof startServer>>;
