import fc from 'fast-check';
import supertest from 'supertest';
import { Registry } from 'prom-client';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createContext, type AppContext } from '../../src/context';
import { createCache } from '../../src/lib/cache';
import { createTestApp, testEnv, type TestApp } from '../support/app';
import { createAdmin, gridLayout, registerUser, type TestUser } from '../support/factories';

// Two apps on one database: `cached` takes every write and serves reads from its cache; `direct` has
// CACHE_ENABLED=false, so its reads are the database's answer. After each acknowledged write, every read
// of the cached app must equal the direct one.
let cached: TestApp;
let direct: { context: AppContext; request: ReturnType<typeof supertest> };
let admin: TestUser;
let customers: TestUser[];
let auditoriumIds: string[];

beforeAll(async () => {
  cached = await createTestApp({ CACHE_ENABLED: 'true' });
  const context = createContext(loadConfig({ ...testEnv, CACHE_ENABLED: 'false', DATABASE_URL: cached.config.DATABASE_URL }));
  direct = { context, request: supertest(createApp(context)) };
  admin = await createAdmin(cached.context, cached.request);
  customers = [await registerUser(cached.request), await registerUser(cached.request)];
  auditoriumIds = [];
  for (let i = 0; i < 2; i++) {
    const res = await cached.request.post('/api/auditoriums').set(admin.auth).send(gridLayout(2, 4));
    auditoriumIds.push(res.body.auditorium.id);
  }
  await applyWrite({ kind: 'movie', title: 'Opening night' });
  await applyWrite({ kind: 'showtime', room: 0 });
});
afterAll(async () => {
  await direct.context.close();
  await cached.close();
});

type Reader = TestUser | undefined;
const asReader = (req: supertest.Test, reader: Reader) => (reader ? req.set(reader.auth) : req);

async function showtimeIds() {
  return (await direct.context.db.showtime.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((s) => s.id);
}

/** Every read the cache serves, from one app, as one reader. */
async function readEverything(request: ReturnType<typeof supertest>, reader: Reader) {
  const answers: Record<string, unknown> = {};
  const read = async (path: string) => {
    const res = await asReader(request.get(path), reader);
    answers[path] = { status: res.status, body: res.body };
  };
  await read('/api/movies');
  await read('/api/movies?limit=2&offset=1');
  await read('/api/auditoriums');
  await read('/api/showtimes');
  for (const id of await showtimeIds()) {
    await read(`/api/showtimes/${id}`);
    await read(`/api/showtimes/${id}/seats`);
  }
  return answers;
}

let startMinutes = 24 * 60;
type Write =
  | { kind: 'movie'; title: string }
  | { kind: 'showtime'; room: number }
  | { kind: 'hold'; who: number; pick: number[] }
  | { kind: 'release'; who: number }
  | { kind: 'purchase'; who: number };

const writeArbitrary: fc.Arbitrary<Write> = fc.oneof(
  fc.record({ kind: fc.constant('movie' as const), title: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0) }),
  fc.record({ kind: fc.constant('showtime' as const), room: fc.nat(1) }),
  fc.record({ kind: fc.constant('hold' as const), who: fc.nat(1), pick: fc.uniqueArray(fc.nat(7), { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('release' as const), who: fc.nat(1) }),
  fc.record({ kind: fc.constant('purchase' as const), who: fc.nat(1) }),
);

async function activeHoldOf(user: TestUser) {
  return direct.context.db.hold.findFirst({ where: { userId: user.id, status: 'active' }, orderBy: { createdAt: 'desc' } });
}

/** Applies a write through the cached app's HTTP API; some are refused (a taken seat), which is fine. */
async function applyWrite(write: Write) {
  const request = cached.request;
  if (write.kind === 'movie') {
    await request.post('/api/movies').set(admin.auth).send({ title: write.title, durationMinutes: 90, rating: 'PG' });
  } else if (write.kind === 'showtime') {
    const movie = await direct.context.db.movie.findFirst();
    if (!movie) return;
    startMinutes += 240;
    const startsAt = new Date(Date.now() + startMinutes * 60_000).toISOString();
    await request.post('/api/showtimes').set(admin.auth).send({ movieId: movie.id, auditoriumId: auditoriumIds[write.room], startsAt });
  } else {
    const user = customers[write.who] as TestUser;
    if (write.kind === 'hold') {
      const [showtimeId] = await showtimeIds();
      if (!showtimeId) return;
      const seats = write.pick.map((n) => `${n < 4 ? 'A' : 'B'}${(n % 4) + 1}`);
      await request.post(`/api/showtimes/${showtimeId}/holds`).set(user.auth).send({ seats });
      return;
    }
    const hold = await activeHoldOf(user);
    if (!hold) return;
    if (write.kind === 'release') await request.delete(`/api/holds/${hold.id}`).set(user.auth);
    else await request.post(`/api/holds/${hold.id}/purchase`).set(user.auth).set('Idempotency-Key', `key-${hold.id}`).send({});
  }
}

describe('read cache', () => {
  it('when random writes interleave with reads, then every read after a write equals the database read', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(writeArbitrary, { minLength: 1, maxLength: 6 }), async (writes) => {
        for (const write of writes) {
          await readEverything(cached.request, customers[0]); // warm the cache with what is about to go stale
          await applyWrite(write);
          for (const reader of [undefined, ...customers]) {
            expect(await readEverything(cached.request, reader)).toEqual(await readEverything(direct.request, reader));
          }
        }
      }),
      {
        numRuns: 12,
        // Always tried first, so every run covers each kind of seat write at least once.
        examples: [
          [
            [
              { kind: 'hold', who: 0, pick: [0, 1] },
              { kind: 'hold', who: 1, pick: [1, 2] },
              { kind: 'purchase', who: 0 },
              { kind: 'hold', who: 1, pick: [5] },
              { kind: 'release', who: 1 },
            ],
          ],
        ],
      },
    );
    expect(await direct.context.db.booking.count()).toBeGreaterThan(0);
    expect(await direct.context.db.hold.count({ where: { status: 'released' } })).toBeGreaterThan(0);
  });

  it('when the cache is off, then nothing is cached and nothing is counted', async () => {
    for (let i = 0; i < 3; i++) await direct.request.get('/api/movies');
    expect(direct.context.cache.keys()).toEqual([]);
    const metrics = (await direct.request.get('/metrics')).text;
    expect(metrics).not.toMatch(/^marquee_cache_hits_total\{/m);
    expect(metrics).toMatch(/^marquee_cache_keys 0$/m);
  });

  it('when an anonymous caller revalidates the seat map with its ETag, then 304 until the seats change', async () => {
    const room = await cached.request.post('/api/auditoriums').set(admin.auth).send(gridLayout(1, 2));
    const movie = await cached.request.post('/api/movies').set(admin.auth).send({ title: 'ETag', durationMinutes: 90, rating: 'PG' });
    const showtime = await cached.request
      .post('/api/showtimes')
      .set(admin.auth)
      .send({
        movieId: movie.body.movie.id,
        auditoriumId: room.body.auditorium.id,
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
    const showtimeId = showtime.body.showtime.id as string;
    const first = await cached.request.get(`/api/showtimes/${showtimeId}/seats`);
    expect(first.headers.etag).toBe(`W/"${showtimeId}-${first.body.version}"`);
    expect(first.headers['cache-control']).toBe('public, no-cache');
    const again = await cached.request.get(`/api/showtimes/${showtimeId}/seats`).set('If-None-Match', String(first.headers.etag));
    expect(again.status).toBe(304);
    await cached.request
      .post('/api/showtimes/' + showtimeId + '/holds')
      .set(customers[1]!.auth)
      .send({ seats: ['A1'] });
    const changed = await cached.request.get(`/api/showtimes/${showtimeId}/seats`).set('If-None-Match', String(first.headers.etag));
    expect(changed.status).toBe(200);
    expect(changed.body.version).toBeGreaterThan(first.body.version);
    const signedIn = await cached.request.get(`/api/showtimes/${showtimeId}/seats`).set(customers[0]!.auth);
    expect(signedIn.headers['cache-control']).toBe('private, no-store');
    expect((await cached.request.get('/api/movies')).headers['cache-control']).toMatch(/^public, max-age=\d+$/);
  });
});

describe('cache statistics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ CACHE_ENABLED: 'true' });
  });
  afterAll(() => t.close());

  it('when the same catalog read repeats, then it is served from the cache and the hit ratio rises', async () => {
    const owner = await createAdmin(t.context, t.request);
    await t.request.post('/api/movies').set(owner.auth).send({ title: 'Fresh', durationMinutes: 90, rating: 'PG' });
    const stats = async () => (await t.request.get('/api/admin/stats').set(owner.auth)).body.cache;
    expect(await stats()).toEqual({ hits: 0, misses: 0, hitRatio: 0, keys: 0 });
    for (let i = 0; i < 10; i++) expect((await t.request.get('/api/movies?limit=3')).status).toBe(200);
    expect(await stats()).toEqual({ hits: 9, misses: 1, hitRatio: 0.9, keys: 1 });
    await t.request.post('/api/movies').set(owner.auth).send({ title: 'Another', durationMinutes: 90, rating: 'PG' });
    expect((await stats()).keys).toBe(0);
    const metrics = (await t.request.get('/metrics')).text;
    expect(metrics).toContain('marquee_cache_hits_total{cache="catalog"} 9');
    expect(metrics).toContain('marquee_cache_misses_total{cache="catalog"} 1');
    expect(metrics).toMatch(/^marquee_cache_keys 0$/m);
  });
});

describe('cache wrapper', () => {
  it('when an entry is invalidated while a load is in flight, then the stale load is not stored', async () => {
    const cache = createCache({ enabled: true, ttlSeconds: 60, registry: new Registry() });
    let finishLoad: (value: string) => void = () => {};
    const loading = cache.getOrLoad('seat-maps', 's1', () => new Promise<string>((resolve) => (finishLoad = resolve)));
    cache.del('seat-maps', 's1'); // a write committed while the read was in flight
    finishLoad('stale');
    expect(await loading).toBe('stale');
    expect(cache.get('seat-maps', 's1')).toBeUndefined();
    expect(await cache.getOrLoad('seat-maps', 's1', async () => 'fresh')).toBe('fresh');
    expect(cache.get('seat-maps', 's1')).toBe('fresh');
    cache.close();
  });

  it('when a versioned entry is read, then it is served while its version is current, else reloaded, and an older reload never replaces a newer one', async () => {
    const cache = createCache({ enabled: true, ttlSeconds: 60, registry: new Registry() });
    let current = 1;
    const loaded: number[] = [];
    const read = (version: number) =>
      cache.getOrLoadVersioned(
        'seat-maps',
        's1',
        async () => current,
        async () => (loaded.push(version), { version }),
      );
    expect(await read(1)).toEqual({ version: 1 });
    expect(await read(1)).toEqual({ version: 1 });
    expect(loaded).toEqual([1]); // the second read found the entry current
    current = 3;
    // Two reloads race: the one that read the older state (version 2) finishes after the one that read 3.
    let finishOlder: (value: { version: number }) => void = () => {};
    const olderLoad = new Promise<{ version: number }>((resolve) => (finishOlder = resolve));
    const older = cache.getOrLoadVersioned(
      'seat-maps',
      's1',
      async () => current,
      () => olderLoad,
    );
    expect(await read(3)).toEqual({ version: 3 });
    finishOlder({ version: 2 });
    expect(await older).toEqual({ version: 2 });
    expect(cache.get('seat-maps', 's1')).toEqual({ version: 3 });
    expect(await read(3)).toEqual({ version: 3 });
    expect(loaded).toEqual([1, 3]);
    cache.close();
  });

  it('when a region is dropped, then only its keys go', () => {
    const cache = createCache({ enabled: true, ttlSeconds: 60, registry: new Registry() });
    cache.set('catalog', 'movies', [1]);
    cache.set('catalog', 'auditoriums', [2]);
    cache.set('seat-maps', 's1', { version: 1 });
    cache.del('catalog');
    expect(cache.keys()).toEqual(['seat-maps:s1']);
    expect(cache.keys('seat-maps')).toEqual(['s1']);
    cache.close();
  });
});
