// Two instances on one database and nothing between them: instance A takes the writes and tells nobody
// (no REDIS_URL, so it publishes no invalidation), instance B serves seat maps from its own cache. Only
// B's check of the cached map against the showtime's seat version can keep it from serving a map that
// A's acknowledged write made stale. The control is the same loop with the check off.
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import supertest from 'supertest';
import { loadConfig } from '../../src/config';
import { createApp } from '../../src/app';
import { createContext, type AppContext } from '../../src/context';
import { testEnv } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createShowtime, registerUser, type TestUser } from '../support/factories';

const LOOPS = 1000;
// No Redis between A and B: only the version check can keep B's reads current.
const CHECKED = { CACHE_VERIFY_VERSION: 'true' };
const UNCHECKED = { CACHE_VERIFY_VERSION: 'false' };

let database: TestDatabase;
const contexts: AppContext[] = [];
const servers: Server[] = [];
/** Listening once for the whole file: thousands of requests, each on a server of its own, cost seconds. */
async function instance(overrides: Record<string, string>) {
  const env = { ...testEnv, CACHE_ENABLED: 'true', CACHE_TTL_SECONDS: '600', ...overrides, DATABASE_URL: database.url };
  const context = createContext(loadConfig(env));
  contexts.push(context);
  const server = createServer(createApp(context)).listen(0, '127.0.0.1');
  servers.push(server);
  await once(server, 'listening');
  return { context, request: supertest(server) };
}
type Instance = Awaited<ReturnType<typeof instance>>;

let writer: Instance;
let holder: TestUser;
beforeAll(async () => {
  database = await createTestDatabase();
  writer = await instance({});
  holder = await registerUser(writer.request);
});
afterAll(async () => {
  for (const server of servers) await new Promise((done) => server.close(done));
  for (const context of contexts) await context.close();
  await database.drop();
});

type SeatAnswer = { label: string; status: string; mine?: boolean };
async function seatA1(request: Instance['request'], showtimeId: string, reader?: TestUser) {
  const get = request.get(`/api/showtimes/${showtimeId}/seats`);
  const res = reader ? await get.set(reader.auth) : await get;
  expect(res.status).toBe(200);
  return (res.body.seats as SeatAnswer[]).find((seat) => seat.label === 'A1')!;
}

/**
 * Warms the reader's cache, then LOOPS times: hold A1 through the writer (or release it, so the state
 * flips every time) and read the reader's seat map as soon as the answer is in, twice (the second read
 * is one the cache may answer). Anonymous and signed-in reads take turns, so `mine` is checked too.
 * Returns how many reads disagreed with what the writer had acknowledged.
 */
async function countStaleReads(reader: Instance) {
  const showtime = await createShowtime(writer.context, { rows: 1, seatsPerRow: 4 });
  expect((await seatA1(reader.request, showtime.id)).status).toBe('available');
  let stale = 0;
  let holdId: string | undefined;
  for (let i = 0; i < LOOPS; i++) {
    if (holdId) {
      expect((await writer.request.delete(`/api/holds/${holdId}`).set(holder.auth)).status).toBe(204);
      holdId = undefined;
    } else {
      const res = await writer.request
        .post(`/api/showtimes/${showtime.id}/holds`)
        .set(holder.auth)
        .send({ seats: ['A1'] });
      expect(res.status).toBe(201);
      holdId = res.body.hold.id;
    }
    const signedIn = Math.floor(i / 2) % 2 === 1;
    const expected = holdId ? { status: 'held', mine: signedIn || undefined } : { status: 'available', mine: undefined };
    for (let read = 0; read < 2; read++) {
      const seat = await seatA1(reader.request, showtime.id, signedIn ? holder : undefined);
      if (seat.status !== expected.status || seat.mine !== expected.mine) stale++;
    }
  }
  return stale;
}

const seatMapHits = async (reader: Instance) =>
  (await reader.context.metrics.registry.getSingleMetric('marquee_cache_hits_total')?.get())?.values.find(
    (v) => v.labels.cache === 'seat-maps',
  )?.value ?? 0;

describe('cached seat maps across instances', () => {
  it(`when instance A acknowledges a hold or release, then an immediate read of B's cached seat map shows it (${LOOPS} flips, none stale)`, async () => {
    const reader = await instance(CHECKED);
    expect(await countStaleReads(reader)).toBe(0);
    // The second read of every flip found the reloaded map current: the cache still answers.
    expect(await seatMapHits(reader)).toBeGreaterThanOrEqual(LOOPS);
  });

  it("when B does not check versions (the control), then the same loop reads A's changes stale from B's cache", async () => {
    const reader = await instance(UNCHECKED);
    // Nothing ever tells B: its first map (A1 available) stays cached, so every read after a hold is stale.
    expect(await countStaleReads(reader)).toBe(LOOPS);
  });
});
