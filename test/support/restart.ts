// A server that can be stopped and started again on the same database, for tests about what survives a
// restart (hold and offer deadlines). Each start is a fresh process state: new context, new engines.
import supertest from 'supertest';
import { loadConfig } from '../../src/config';
import type { Clock } from '../../src/lib/clock';
import { startServer, type RunningServer } from '../../src/server';
import { testEnv } from './app';
import { createTestDatabase } from './database';

export async function createRestartableServer(overrides: Record<string, string> = {}) {
  const database = await createTestDatabase();
  const config = loadConfig({ ...testEnv, ...overrides, DATABASE_URL: database.url });
  let running: RunningServer | undefined;
  return {
    config,
    /** Starts a new server on the same database (stopping the previous one first). */
    async start(options: { clock?: Clock } = {}) {
      await running?.stop();
      running = await startServer(config, options);
      return { ...running, request: supertest(running.url) };
    },
    async stop() {
      await running?.stop();
      running = undefined;
    },
    async close() {
      await running?.stop();
      await database.drop();
    },
  };
}
