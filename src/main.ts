// Entry point: read config, start the server, stop gracefully on SIGTERM/SIGINT.
import v8 from 'node:v8';
import { loadConfig } from './config';
import { startServer } from './server';

// Garbage collection sized for a small server. With the heap limit Node picks on a machine of several GB,
// V8 lets the old generation grow to up to 4x what survived the last full collection before it collects
// again, so a busy process carries hundreds of MB of dead objects (bench W5: 840 MB RSS with ~170 MB
// live). 1.3x is the factor V8 itself falls back to when it must save memory; the price is more
// frequent, mostly concurrent, full collections. Only the entry point sets it: it is a process setting.
v8.setFlagsFromString('--heap-growing-percent=30');

async function main() {
  const config = loadConfig();
  const running = await startServer(config);
  const shutdown = (signal: string) => {
    running.context.logger.info({ signal }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      (error) => {
        running.context.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  // Started by a supervisor with an IPC channel (npm run cluster): tell it where this instance listens,
  // whatever LOG_LEVEL says, and stop with it rather than run on as an orphan.
  if (process.send) {
    process.send({ event: 'listening', url: running.url, metricsUrl: running.metricsUrl, instance: running.context.instance.id });
    process.once('disconnect', () => shutdown('supervisor gone'));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
