// Builds the real app on a fresh database for a test file. `request` is supertest against createApp;
// `startServer` instead listens on a random port for socket.io and browser tests.
import supertest from 'supertest';
import { loadConfig, type Config } from '../../src/config';
import { createApp } from '../../src/app';
import { createContext, type AppContext, type ContextOptions } from '../../src/context';
import { startServer } from '../../src/server';
import type { Clock } from '../../src/lib/clock';
import { createTestDatabase } from './database';

export const testEnv = {
  NODE_ENV: 'test',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
  JWT_SECRET: 'test-secret-that-is-long-enough',
  BCRYPT_COST: '4',
  RATE_LIMIT_ENABLED: 'false',
  PORT: '0',
  HOST: '127.0.0.1',
};

export type TestApp = {
  context: AppContext;
  config: Config;
  request: ReturnType<typeof supertest>;
  close(): Promise<void>;
};

export async function createTestApp(overrides: Record<string, string> = {}, options: { clock?: Clock } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ ...testEnv, ...overrides, DATABASE_URL: database.url });
  const context = createContext(config, options);
  const app = createApp(context);
  return {
    context,
    config,
    request: supertest(app),
    async close() {
      await context.close();
      await database.drop();
    },
  };
}

export async function startTestServer(overrides: Record<string, string> = {}, options: ContextOptions = {}) {
  const database = await createTestDatabase();
  const config = loadConfig({ ...testEnv, ...overrides, DATABASE_URL: database.url });
  const running = await startServer(config, options);
  return {
    ...running,
    config,
    request: supertest(running.url),
    async close() {
      await running.stop();
      await database.drop();
    },
  };
}
