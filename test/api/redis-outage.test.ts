// Redis goes away and comes back while the real service runs in its own process (src/main.ts, as in
// production): it must keep serving with per-instance fallbacks, say so once in its log and in /readyz,
// and rejoin when Redis returns. The machine's shared Redis (6379) is never used here.
// The Redis is the test's own (test/support/redis-server.ts), killed and started again on its port.
import { createTestDatabase, type TestDatabase } from '../support/database';
import { askRedis, ownRedisServers } from '../support/redis-server';
import { spawnService, type ServiceProcess } from '../support/spawn';
import { waitFor } from '../support/wait';

const redisServers = ownRedisServers();
const startRedis = redisServers.start;
const started: { services: ServiceProcess[] } = { services: [] };
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  // Whatever a failing test left running: the services first, then the Redis servers.
  for (const { child } of started.services) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(started.services.map((service) => service.exited));
  await redisServers.stopAll();
  await database.drop();
});

/** The service's log as pino JSON lines. */
const logLines = (service: ServiceProcess) =>
  service
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg: string; client?: string });
const outageWarnings = (service: ServiceProcess) =>
  logLines(service).filter((line) => line.level === 40 && line.msg.startsWith('Redis unavailable'));

let ipCounter = 0;
const nextIp = () => `198.51.100.${++ipCounter}`;
const get = (service: ServiceProcess, path: string, ip = nextIp()) =>
  fetch(`${service.url}${path}`, { headers: { 'X-Forwarded-For': ip }, signal: AbortSignal.timeout(5000) });
const readiness = async (service: ServiceProcess) => (await (await get(service, '/readyz')).json()) as Record<string, string>;

async function startService(env: Record<string, string>) {
  const service = await spawnService({
    DATABASE_URL: database.url,
    RATE_LIMIT_ENABLED: 'true',
    TRUST_PROXY: '1', // each request names its client in X-Forwarded-For, so buckets are the test's choice
    ...env,
  });
  started.services.push(service);
  return service;
}

describe.each(['true', 'false'])('with CACHE_ENABLED=%s and nothing listening at REDIS_URL', (cacheEnabled) => {
  it('when the service starts, then it serves, limits each client in-process, reports redis degraded and warns once', async () => {
    const service = await startService({
      REDIS_URL: 'redis://127.0.0.1:1', // a privileged port: nothing listens there
      CACHE_ENABLED: cacheEnabled,
      RATE_LIMIT_API_PER_WINDOW: '5',
      LOG_LEVEL: 'debug', // each failed reconnection is a debug line: the test counts them
    });
    const failedAttempts = () =>
      logLines(service).filter((line) => line.msg === 'redis connection error' && line.client === 'shared state').length;

    // Serve while ioredis keeps retrying in the background, through several failed reconnections.
    let served = 0;
    await waitFor('several failed reconnections while serving', async () => {
      const res = await get(service, '/api/movies');
      expect(res.status).toBe(200);
      served++;
      return served >= 20 && failedAttempts() >= 4;
    });

    // The in-process fallback counts: exactly the limit passes, the next one is refused.
    const ip = nextIp();
    for (let i = 1; i <= 5; i++) {
      const res = await get(service, '/api/movies', ip);
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit')).toMatch(new RegExp(`^"api"; r=${5 - i};`));
    }
    const refused = await get(service, '/api/movies', ip);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({
      error: { code: 'RATE_LIMITED', message: expect.any(String), details: { retryAfterSeconds: expect.any(Number) } },
    });

    const ready = await get(service, '/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'ok', redis: 'degraded' });
    expect(await (await get(service, '/metrics')).text()).toMatch(/^marquee_redis_up 0$/m);

    expect(service.child.exitCode).toBeNull();
    expect(outageWarnings(service)).toHaveLength(1);
    expect(logLines(service).filter((line) => line.level >= 50)).toEqual([]);

    // And it still shuts down cleanly without its Redis.
    service.child.kill('SIGTERM');
    expect(await service.exited).toEqual({ code: 0, signal: null });
  });
});

describe('when its own Redis dies and comes back while the service serves', () => {
  it('then no request fails or hangs, /readyz follows Redis, and limits and subscriptions are shared again', async () => {
    const redis = await startRedis();
    const prefix = `marquee-outage-test:${process.pid}:`;
    const service = await startService({
      REDIS_URL: redis.url,
      RATE_LIMIT_REDIS_PREFIX: prefix,
      RATE_LIMIT_API_PER_WINDOW: '100000',
      RATE_LIMIT_HOLDS_PER_WINDOW: '100000',
      RATE_LIMIT_HOLD_CYCLES_PER_SHOWTIME: '100000',
      SEED_DEMO_DATA: 'true',
    });
    await waitFor('redis ok in /readyz', async () => (await readiness(service)).redis === 'ok');
    const counted = async (ip: string) => (await askRedis(redis, (client) => client.exists(`${prefix}api:${ip}`))) === 1;
    const sharedIp = nextIp();
    expect((await get(service, '/api/movies', sharedIp)).status).toBe(200);
    expect(await counted(sharedIp)).toBe(true);

    // Traffic that reads (catalog, a cached seat map) and writes (a hold, whose release is published to
    // the other instances' caches), one request after another until told to stop.
    const login = await fetch(`${service.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Forwarded-For': nextIp() },
      body: JSON.stringify({ email: 'alice@marquee.test', password: 'alice-password' }),
    });
    const auth = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
    const showtimeId = ((await (await get(service, '/api/showtimes')).json()) as { showtimes: { id: string }[] }).showtimes[0]?.id;
    const answers: number[] = [];
    const failures: string[] = [];
    let stopTraffic = false;
    const send = async (path: string, init: RequestInit = {}) => {
      try {
        const res = await fetch(`${service.url}${path}`, { ...init, signal: AbortSignal.timeout(5000) });
        answers.push(res.status);
        return res;
      } catch (error) {
        failures.push(`${path}: ${String(error)}`); // a timeout here is a request that hung
        return undefined;
      }
    };
    const traffic = (async () => {
      while (!stopTraffic) {
        await send('/api/movies', { headers: { 'X-Forwarded-For': nextIp() } });
        await send(`/api/showtimes/${showtimeId}/seats`);
        const hold = await send(`/api/showtimes/${showtimeId}/holds`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ seats: ['A5'] }),
        });
        const holdId = hold?.status === 201 ? ((await hold.json()) as { hold: { id: string } }).hold.id : undefined;
        if (holdId) await send(`/api/holds/${holdId}`, { method: 'DELETE', headers: auth });
      }
    })();
    const afterMoreTraffic = async (count: number) => {
      const target = answers.length + count;
      await waitFor(`${count} more answers`, () => answers.length >= target);
    };

    try {
      await afterMoreTraffic(8);
      redis.child.kill('SIGKILL');
      await redis.exited;
      await waitFor('redis degraded in /readyz', async () => (await readiness(service)).redis === 'degraded');
      await afterMoreTraffic(40);

      await startRedis(redis);
      await waitFor('redis ok again in /readyz', async () => (await readiness(service)).redis === 'ok', 30_000);
      await afterMoreTraffic(8);
      // The cache-sync subscriber and the realtime adapter subscribed again on the new server.
      await waitFor('subscriptions restored', async () => {
        const [, cacheSubscribers] = (await askRedis(redis, (client) => client.pubsub('NUMSUB', 'marquee:cache-invalidation'))) as [
          string,
          number,
        ];
        const adapterChannels = (await askRedis(redis, (client) => client.pubsub('CHANNELS', 'socket.io*'))) as string[];
        return cacheSubscribers === 1 && adapterChannels.length > 0;
      });
    } finally {
      stopTraffic = true;
      await traffic;
    }

    expect(failures).toEqual([]);
    expect(answers.filter((status) => status >= 500)).toEqual([]);
    expect(new Set(answers)).toEqual(new Set([200, 201, 204]));
    // The restarted Redis holds the shared counters again.
    const ip = nextIp();
    expect((await get(service, '/api/movies', ip)).status).toBe(200);
    expect(await counted(ip)).toBe(true);
    expect(await (await get(service, '/metrics')).text()).toMatch(/^marquee_redis_up 1$/m);

    expect(service.child.exitCode).toBeNull();
    expect(outageWarnings(service)).toHaveLength(1);
    expect(logLines(service).filter((line) => line.msg.startsWith('Redis available again'))).toHaveLength(1);
    expect(logLines(service).filter((line) => line.level >= 50)).toEqual([]);
    service.child.kill('SIGTERM');
    expect(await service.exited).toEqual({ code: 0, signal: null });
  });
});
