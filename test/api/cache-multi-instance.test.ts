// Two instances on one database, each with its own in-process cache. With REDIS_URL set, a write on one
// instance invalidates the other's cached seat map; without it, the other keeps serving the old map
// until the cache TTL (the control that shows what the Redis channel is for). The seat-version check,
// which would hide what the channel does, is off here: test/api/cache-version.test.ts covers it.
import supertest from 'supertest';
import { loadConfig } from '../../src/config';
import { createApp } from '../../src/app';
import { createContext, type AppContext } from '../../src/context';
import { testEnv } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createShowtime, registerUser } from '../support/factories';

let database: TestDatabase;
const contexts: AppContext[] = [];
function instance(overrides: Record<string, string>) {
  const context = createContext(loadConfig({ ...testEnv, CACHE_TTL_SECONDS: '600', ...overrides, DATABASE_URL: database.url }));
  contexts.push(context);
  return { context, request: supertest(createApp(context)) };
}
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await database.drop();
});

const statusOf = async (request: ReturnType<typeof supertest>, showtimeId: string, label: string) =>
  (await request.get(`/api/showtimes/${showtimeId}/seats`)).body.seats.find((s: { label: string }) => s.label === label).status;

async function eventually(check: () => Promise<boolean>) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

it('when a seat is released on instance A, then instance B stops serving its cached "held" map (through Redis)', async () => {
  const a = instance({ REDIS_URL: 'redis://127.0.0.1:6379', CACHE_VERIFY_VERSION: 'false' });
  const b = instance({ REDIS_URL: 'redis://127.0.0.1:6379', CACHE_VERIFY_VERSION: 'false' });
  const control = instance({}); // same database, cache on, no Redis: nobody tells it
  await Promise.all([a.context.cacheSync?.ready, b.context.cacheSync?.ready]);
  const showtime = await createShowtime(a.context);
  const user = await registerUser(a.request);

  const hold = (
    await a.request
      .post(`/api/showtimes/${showtime.id}/holds`)
      .set(user.auth)
      .send({ seats: ['A1'] })
  ).body.hold;
  expect(await eventually(async () => (await statusOf(b.request, showtime.id, 'A1')) === 'held')).toBe(true);
  expect(await statusOf(control.request, showtime.id, 'A1')).toBe('held'); // now cached in both

  expect((await a.request.delete(`/api/holds/${hold.id}`).set(user.auth)).status).toBe(204);
  expect(await statusOf(a.request, showtime.id, 'A1')).toBe('available');
  expect(await eventually(async () => (await statusOf(b.request, showtime.id, 'A1')) === 'available')).toBe(true);
  expect(await statusOf(control.request, showtime.id, 'A1')).toBe('held');
});

it('when instance B cannot reach Redis, then it drops its cached seat maps every second instead of serving them until the TTL', async () => {
  const writer = instance({}); // writes without telling anyone
  const b = instance({ REDIS_URL: 'redis://127.0.0.1:1', CACHE_VERIFY_VERSION: 'false' }); // nothing listens there: invalidations cannot arrive
  const showtime = await createShowtime(writer.context);
  const user = await registerUser(writer.request);
  expect(await statusOf(b.request, showtime.id, 'A2')).toBe('available'); // cached in B (TTL 600 s)

  expect(
    (
      await writer.request
        .post(`/api/showtimes/${showtime.id}/holds`)
        .set(user.auth)
        .send({ seats: ['A2'] })
    ).status,
  ).toBe(201);
  let seen = 'available';
  for (const deadline = Date.now() + 5000; seen !== 'held' && Date.now() < deadline;) {
    await new Promise((r) => setTimeout(r, 50));
    seen = await statusOf(b.request, showtime.id, 'A2');
  }
  expect(seen).toBe('held');
  expect(b.context.redisHealth.state()).toBe('degraded');
});
