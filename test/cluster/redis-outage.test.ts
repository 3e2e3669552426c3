// Redis killed and started again while buyers use the cluster: HTTP keeps answering (no 5xx, nothing
// acknowledged lost), and when Redis is back the instances share again: a change made on one instance
// reaches a viewer on another, and the rate-limit counters live in Redis again. The Redis is the test's
// own (test/support/redis-server.ts); the machine's shared one is never stopped.
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { startTestCluster, type TestCluster } from '../support/cluster';
import { call, registerUsers, runBuyers, setUpShowtime } from '../support/cluster-load';
import { askRedis, ownRedisServers, type OwnRedis } from '../support/redis-server';
import { waitFor } from '../support/wait';

const redisServers = ownRedisServers();
const prefix = `marquee:test:${randomUUID()}:`;
let redis: OwnRedis;
let cluster: TestCluster;
beforeAll(async () => {
  redis = await redisServers.start();
  cluster = await startTestCluster({
    instances: 3,
    redisUrl: redis.url,
    env: {
      HOLD_TTL_SECONDS: '3',
      HOLD_SWEEP_INTERVAL_MS: '250',
      // Limits on, far out of reach, so their counters are written (to Redis when it is there).
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_API_PER_WINDOW: '1000000',
      RATE_LIMIT_AUTH_PER_WINDOW: '1000000',
      RATE_LIMIT_HOLDS_PER_WINDOW: '1000000',
      RATE_LIMIT_HOLD_CYCLES_PER_SHOWTIME: '1000000',
      RATE_LIMIT_REDIS_PREFIX: prefix,
    },
  });
});
afterAll(async () => {
  await cluster?.stop();
  await redisServers.stopAll();
});

const readiness = async (url: string) => (await call(url, 'GET', '/readyz')).body as { redis?: string };

it('when Redis dies under load and comes back, then HTTP never fails and sharing between instances resumes', async () => {
  const { showtime, labels } = await setUpShowtime(cluster.url, 6, 10);
  const tokens = await registerUsers(cluster.url, 12);
  const ids = cluster.state().instances.map((instance) => instance.id);

  const load = await runBuyers({
    url: cluster.url,
    showtimeId: showtime.id,
    labels,
    tokens,
    durationMs: 6000,
    maxRequests: 5000,
    during: {
      atMs: 1500,
      action: async () => {
        redis.child.kill('SIGKILL');
        await redis.exited;
        await waitFor('every instance degraded', async () => {
          for (const id of ids) if ((await readiness(cluster.instanceUrl(id))).redis !== 'degraded') return false;
          return true;
        });
        await new Promise((next) => setTimeout(next, 1500)); // serve a while without Redis
        redis = await redisServers.start(redis);
      },
    },
  });
  expect(load.networkErrorMessages).toEqual([]);
  expect(Object.keys(load.statuses).sort()).toEqual(['201', '409']);
  expect(load.holds.length).toBeGreaterThan(20);
  for (const booking of load.bookings) {
    expect((await call(cluster.url, 'GET', `/api/bookings/${booking.id}`, { token: booking.token })).body.booking.status).toBe('confirmed');
  }

  for (const id of ids)
    await waitFor(`${id} sees Redis again`, async () => (await readiness(cluster.instanceUrl(id))).redis === 'ok', 30_000);
  // Shared limits: counters are written to the restarted Redis again.
  await call(cluster.url, 'GET', '/api/movies');
  await waitFor('rate-limit counters in Redis', async () => (await askRedis(redis, (client) => client.keys(`${prefix}*`))).length > 0);
  // Realtime across instances: a viewer on instance 3 sees a hold made on instance 1.
  const viewer = io(cluster.instanceUrl('marquee-3'), { transports: ['websocket'], reconnection: false });
  try {
    const seen: string[] = [];
    viewer.on('seats:changed', ({ changes }: { changes: { label: string; status: string }[] }) =>
      seen.push(...changes.map((c) => `${c.label}:${c.status}`)),
    );
    await new Promise<void>((done, fail) => viewer.once('connect', () => done()).once('connect_error', fail));
    expect((await viewer.timeout(10_000).emitWithAck('showtime:join', { showtimeId: showtime.id })).ok).toBe(true);
    // The adapter resubscribes on its own; keep making changes on instance 1 until one arrives (bounded).
    const [token] = tokens;
    await waitFor(
      'a change from instance 1 on a viewer of instance 3',
      async () => {
        const free = (
          (await call(cluster.instanceUrl('marquee-1'), 'GET', `/api/showtimes/${showtime.id}/seats`)).body.seats as {
            label: string;
            status: string;
          }[]
        ).find((seat) => seat.status === 'available');
        if (!free) return false;
        const held = await call(cluster.instanceUrl('marquee-1'), 'POST', `/api/showtimes/${showtime.id}/holds`, {
          token,
          body: { seats: [free.label] },
        });
        if (held.status === 201) await call(cluster.instanceUrl('marquee-1'), 'DELETE', `/api/holds/${held.body.hold.id}`, { token });
        await new Promise((next) => setTimeout(next, 200));
        return seen.some((change) => change.startsWith(`${free.label}:`));
      },
      30_000,
    );
  } finally {
    viewer.disconnect();
  }
  console.log(`redis outage: ${JSON.stringify(load.statuses)} holds=${load.holds.length} bookings=${load.bookings.length}`);
}, 180_000);
