// The 409 from memory: a hold on a seat the cached seat map knows is taken is refused without asking the
// database, but only when that map is provably current; a seat that looks free, a hold past its deadline
// and a map another instance may have made stale all go to the database. Two instances on one database,
// with nothing between them but the seat-version check of the second.
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import supertest from 'supertest';
import { loadConfig } from '../../src/config';
import { createApp } from '../../src/app';
import { createContext, type AppContext } from '../../src/context';
import { testEnv } from '../support/app';
import { TestClock } from '../support/clock';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createShowtime, registerUser, type TestUser } from '../support/factories';

const clock = new TestClock();
let database: TestDatabase;
const contexts: AppContext[] = [];
const servers: Server[] = [];
async function instance(overrides: Record<string, string>) {
  const env = {
    ...testEnv,
    CACHE_ENABLED: 'true',
    CACHE_TTL_SECONDS: '600',
    HOLD_TTL_SECONDS: '60',
    ...overrides,
    DATABASE_URL: database.url,
  };
  const context = createContext(loadConfig(env), { clock });
  contexts.push(context);
  const server = createServer(createApp(context)).listen(0, '127.0.0.1');
  servers.push(server);
  await once(server, 'listening');
  return { context, request: supertest(server) };
}

let first: Awaited<ReturnType<typeof instance>>;
let second: Awaited<ReturnType<typeof instance>>;
let alice: TestUser;
let bob: TestUser;
beforeAll(async () => {
  database = await createTestDatabase();
  first = await instance({ CACHE_VERIFY_VERSION: 'false' }); // as one instance alone
  second = await instance({ CACHE_VERIFY_VERSION: 'true' }); // as one of several
  alice = await registerUser(first.request);
  bob = await registerUser(first.request);
});
afterAll(async () => {
  for (const server of servers) await new Promise((done) => server.close(done));
  for (const context of contexts) await context.close();
  await database.drop();
});

/** What an instance asks the database about seats while `step` runs: claim reads, and transactions. */
async function databaseWork(context: AppContext, step: () => Promise<unknown>) {
  const all = jest.spyOn(context.sql, 'all');
  const transaction = jest.spyOn(context.sql, 'transaction');
  try {
    await step();
    return {
      claimReads: all.mock.calls.filter(([text]) => String(text).includes('"SeatClaim"')).length,
      transactions: transaction.mock.calls.length,
    };
  } finally {
    all.mockRestore();
    transaction.mockRestore();
  }
}

const hold = (target: typeof first, user: TestUser, showtimeId: string, seats: string[]) =>
  target.request.post(`/api/showtimes/${showtimeId}/holds`).set(user.auth).send({ seats });

it('when the cached map knows a seat is taken, then the hold is refused without a claims query; a free-looking seat goes to the database', async () => {
  const showtime = await createShowtime(first.context, { rows: 1, seatsPerRow: 4 });
  expect((await hold(first, alice, showtime.id, ['A1'])).status).toBe(201);
  await first.request.get(`/api/showtimes/${showtime.id}/seats`); // cache the map
  let refused: supertest.Response | undefined;
  expect(await databaseWork(first.context, async () => (refused = await hold(first, bob, showtime.id, ['A1', 'A2'])))).toEqual({
    claimReads: 0,
    transactions: 0,
  });
  expect(refused?.status).toBe(409);
  expect(refused?.body.error).toMatchObject({ code: 'SEATS_UNAVAILABLE', details: { seats: ['A1'] } });
  // A2 looks free: the database decides, in the hold's transaction (and grants it).
  const granted = await databaseWork(first.context, async () => expect((await hold(first, bob, showtime.id, ['A2'])).status).toBe(201));
  expect(granted.transactions).toBe(1);
});

it('when a cached hold has passed its deadline, then its seat is not refused from memory but granted', async () => {
  const showtime = await createShowtime(first.context, { rows: 1, seatsPerRow: 4 });
  expect((await hold(first, alice, showtime.id, ['A3'])).status).toBe(201);
  await first.request.get(`/api/showtimes/${showtime.id}/seats`);
  clock.advance(61); // the hold is over; the engine has not swept it
  expect((await hold(first, bob, showtime.id, ['A3'])).status).toBe(201);
});

it('when another instance frees a seat after this one cached it as taken, then the version check sends the hold to the database and it is granted', async () => {
  const showtime = await createShowtime(first.context, { rows: 1, seatsPerRow: 4 });
  const held = await hold(first, alice, showtime.id, ['A4']);
  expect(held.status).toBe(201);
  await second.request.get(`/api/showtimes/${showtime.id}/seats`); // the second instance caches A4 as held
  expect((await hold(second, bob, showtime.id, ['A4'])).status).toBe(409); // true: still held, and current
  expect((await first.request.delete(`/api/holds/${held.body.hold.id}`).set(alice.auth)).status).toBe(204);
  // The second instance heard nothing; its cached map says A4 is held, but no longer at the current version.
  expect((await hold(second, bob, showtime.id, ['A4'])).status).toBe(201);
});
