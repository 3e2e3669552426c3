// Entry point: read config, start the server, stop gracefully on SIGTERM/SIGINT.
import { loadConfig } from './config';
import { startServer } from './server';

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
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
