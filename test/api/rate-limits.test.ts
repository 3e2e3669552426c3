import { createTestApp, type TestApp } from '../support/app';
import { createAdmin, createShowtime, registerUser, type TestUser } from '../support/factories';

// Small limits so a test reaches them in a handful of requests. Each test speaks from its own client
// address (X-Forwarded-For behind TRUST_PROXY=1), so the tests of a file never share a bucket.
const limits = {
  RATE_LIMIT_ENABLED: 'true',
  RATE_LIMIT_WINDOW_SECONDS: '60',
  RATE_LIMIT_API_PER_WINDOW: '5',
  RATE_LIMIT_AUTH_PER_WINDOW: '4',
  RATE_LIMIT_AUTH_PER_ACCOUNT_PER_WINDOW: '3',
  RATE_LIMIT_HOLDS_PER_WINDOW: '6',
  RATE_LIMIT_HOLD_CYCLES_PER_SHOWTIME: '3',
};
let ipCounter = 0;
const nextIp = () => `203.0.113.${++ipCounter}`;
/** Sends each factory request from a new address, so setting up a test does not spend its limits. */
const fromNewAddress = (t: TestApp) => ({ post: (path: string) => t.request.post(path).set('X-Forwarded-For', nextIp()) });

function expectRateLimited(res: { status: number; body: any; headers: Record<string, string> }, limiter: string, windowSeconds = 60) {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  expect(res.body).toEqual({
    error: { code: 'RATE_LIMITED', message: expect.any(String), details: { retryAfterSeconds: retryAfter } },
  });
  expect(res.headers['ratelimit']).toContain(`"${limiter}"; r=0`);
  expect(res.headers['ratelimit-policy']).toContain(`"${limiter}"; q=`);
}

describe('rate limits behind one trusted proxy (TRUST_PROXY=1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ...limits, TRUST_PROXY: '1' });
  });
  afterAll(() => t.close());

  it('when a client sends request L+1 in a window, then it gets 429 RATE_LIMITED with RateLimit headers and Retry-After', async () => {
    const ip = nextIp();
    for (let i = 1; i <= 5; i++) {
      const res = await t.request.get('/api/movies').set('X-Forwarded-For', ip);
      expect(res.status).toBe(200);
      expect(res.headers['ratelimit']).toMatch(new RegExp(`^"api"; r=${5 - i}; t=\\d+$`));
      expect(res.headers['ratelimit-policy']).toMatch(/^"api"; q=5; w=60; pk=:[A-Za-z0-9+/=]+:$/);
      expect(res.headers['x-ratelimit-limit']).toBeUndefined();
    }
    expectRateLimited(await t.request.get('/api/movies').set('X-Forwarded-For', ip), 'api');
  });

  it('when two clients come through the trusted proxy, then each has its own bucket', async () => {
    const [first, second] = [nextIp(), nextIp()];
    for (let i = 0; i < 5; i++) expect((await t.request.get('/api/movies').set('X-Forwarded-For', first)).status).toBe(200);
    expect((await t.request.get('/api/movies').set('X-Forwarded-For', first)).status).toBe(429);
    const other = await t.request.get('/api/movies').set('X-Forwarded-For', second);
    expect(other.status).toBe(200);
    expect(other.headers['ratelimit']).toMatch(/^"api"; r=4;/);
  });

  it('when one account is guessed from many addresses, then the per-account login limit trips', async () => {
    const victim = await registerUser(fromNewAddress(t));
    for (let i = 0; i < 3; i++) {
      const res = await t.request
        .post('/api/auth/login')
        .set('X-Forwarded-For', nextIp())
        .send({ email: victim.email, password: `guess-${i}` });
      expect(res.status).toBe(401);
    }
    // Even the right password waits now (the account's guesses are used up), and in another spelling.
    const blocked = await t.request
      .post('/api/auth/login')
      .set('X-Forwarded-For', nextIp())
      .send({ email: ` ${victim.email.toUpperCase()} `, password: 'password-123' });
    expectRateLimited(blocked, 'auth-account');
    // Other accounts are not affected.
    const bystander = await registerUser(fromNewAddress(t));
    const fine = await t.request
      .post('/api/auth/login')
      .set('X-Forwarded-For', nextIp())
      .send({ email: bystander.email, password: 'password-123' });
    expect(fine.status).toBe(200);
  });

  it('when the owner logs in successfully, then those logins do not use up the account allowance', async () => {
    const user = await registerUser(fromNewAddress(t));
    for (let i = 0; i < 5; i++) {
      const res = await t.request
        .post('/api/auth/login')
        .set('X-Forwarded-For', nextIp())
        .send({ email: user.email, password: 'password-123' });
      expect(res.status).toBe(200);
    }
  });

  it('when one address tries many accounts, then the per-address auth limit trips', async () => {
    const ip = nextIp();
    for (let i = 0; i < 4; i++) {
      const res = await t.request
        .post('/api/auth/login')
        .set('X-Forwarded-For', ip)
        .send({ email: `nobody-${i}@example.test`, password: 'x' });
      expect(res.status).toBe(401);
    }
    const res = await t.request
      .post('/api/auth/register')
      .set('X-Forwarded-For', ip)
      .send({ email: 'fresh@example.test', password: 'password-123', name: 'F' });
    expectRateLimited(res, 'auth-ip');
    expect(await t.context.db.user.count({ where: { email: 'fresh@example.test' } })).toBe(0);
  });

  it('when one user spreads hold, extend and purchase over many addresses, then the per-user limit still trips', async () => {
    const [user, other] = [await registerUser(fromNewAddress(t)), await registerUser(fromNewAddress(t))];
    const showtime = await createShowtime(t.context);
    const as = (who: TestUser) => ({
      hold: (seats: string[]) =>
        t.request.post(`/api/showtimes/${showtime.id}/holds`).set(who.auth).set('X-Forwarded-For', nextIp()).send({ seats }),
      extend: (id: string) => t.request.post(`/api/holds/${id}/extend`).set(who.auth).set('X-Forwarded-For', nextIp()).send({}),
      purchase: (id: string) =>
        t.request.post(`/api/holds/${id}/purchase`).set(who.auth).set('X-Forwarded-For', nextIp()).set('Idempotency-Key', id).send({}),
    });
    const first = await as(user).hold(['A1']);
    expect(first.status).toBe(201);
    expect((await as(user).extend(first.body.hold.id)).status).toBe(200);
    expect((await as(user).purchase(first.body.hold.id)).status).toBe(201);
    const second = await as(user).hold(['A2']);
    expect(second.status).toBe(201);
    expect((await as(user).extend(second.body.hold.id)).status).toBe(200);
    expect((await as(user).hold(['A3'])).status).toBe(201);

    expectRateLimited(await as(user).purchase(second.body.hold.id), 'holds');
    expectRateLimited(await as(user).hold(['A4']), 'holds');
    expect(await t.context.db.booking.count({ where: { userId: user.id } })).toBe(1);
    expect(await t.context.db.hold.count({ where: { userId: user.id } })).toBe(3);
    expect((await as(other).hold(['A4'])).status).toBe(201);
  });

  it('when a user keeps re-holding seats of one showtime, then hold creations there are capped, elsewhere not', async () => {
    const user = await registerUser(fromNewAddress(t));
    const [showtime, elsewhere] = [await createShowtime(t.context), await createShowtime(t.context)];
    const hold = (showtimeId: string) =>
      t.request
        .post(`/api/showtimes/${showtimeId}/holds`)
        .set(user.auth)
        .set('X-Forwarded-For', nextIp())
        .send({ seats: ['B1', 'B2'] });
    for (let cycle = 0; cycle < 3; cycle++) {
      const res = await hold(showtime.id);
      expect(res.status).toBe(201);
      expect((await t.request.delete(`/api/holds/${res.body.hold.id}`).set(user.auth).set('X-Forwarded-For', nextIp())).status).toBe(204);
    }
    expectRateLimited(await hold(showtime.id), 'hold-cycles', 3600);
    expect(await t.context.db.hold.count({ where: { userId: user.id, showtimeId: showtime.id } })).toBe(3);
    expect((await hold(elsewhere.id)).status).toBe(201);
  });

  it('when requests are rejected, then /metrics and the admin stats count them by limiter', async () => {
    const admin = await createAdmin(t.context, fromNewAddress(t));
    const before = (await t.request.get('/api/admin/stats').set(admin.auth).set('X-Forwarded-For', nextIp())).body.rateLimitRejections;
    const ip = nextIp();
    for (let i = 0; i < 5; i++) await t.request.get('/api/showtimes').set('X-Forwarded-For', ip);
    for (let i = 0; i < 3; i++) expect((await t.request.get('/api/showtimes').set('X-Forwarded-For', ip)).status).toBe(429);

    const stats = await t.request.get('/api/admin/stats').set(admin.auth).set('X-Forwarded-For', nextIp());
    expect(stats.status).toBe(200);
    expect(stats.body.rateLimitRejections.api).toBe(before.api + 3);
    expect(stats.body.rateLimitRejections['auth-ip']).toBe(before['auth-ip']);
    const metrics = await t.request.get('/metrics');
    expect(metrics.text).toContain(`marquee_rate_limit_rejections_total{limiter="api"} ${before.api + 3}`);
  });
});

describe('rate limits with no trusted proxy (TRUST_PROXY=0)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ...limits, TRUST_PROXY: '0' });
  });
  afterAll(() => t.close());

  it('when a client spoofs X-Forwarded-For, then it does not get a fresh bucket', async () => {
    for (let i = 0; i < 5; i++) expect((await t.request.get('/api/movies').set('X-Forwarded-For', nextIp())).status).toBe(200);
    expectRateLimited(await t.request.get('/api/movies').set('X-Forwarded-For', nextIp()), 'api');
    expectRateLimited(await t.request.get('/api/movies'), 'api');
  });
});

describe('rate limits switched off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ...limits, RATE_LIMIT_ENABLED: 'false' });
  });
  afterAll(() => t.close());

  it('when RATE_LIMIT_ENABLED=false, then no request is limited and no RateLimit header is sent', async () => {
    for (let i = 0; i < 8; i++) {
      const res = await t.request.get('/api/movies');
      expect(res.status).toBe(200);
      expect(res.headers['ratelimit']).toBeUndefined();
    }
  });
});

describe('rate limits shared through Redis', () => {
  const shared = {
    ...limits,
    REDIS_URL: 'redis://127.0.0.1:6379',
    // A prefix of this run's own, so parallel test runs on the same Redis never share counters.
    RATE_LIMIT_REDIS_PREFIX: `marquee-test:${process.pid}:${Date.now()}:`,
  };
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await createTestApp(shared);
    b = await createTestApp(shared);
    // Until its connection is up an instance counts in its own memory (as during an outage), so wait.
    for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
      if (a.context.redisHealth.state() === 'ok' && b.context.redisHealth.state() === 'ok') break;
      await new Promise((next) => setTimeout(next, 20));
    }
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('when one client spreads its requests over two instances, then they count against one limit', async () => {
    for (let i = 0; i < 3; i++) expect((await a.request.get('/api/movies')).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await b.request.get('/api/movies')).status).toBe(200);
    expectRateLimited(await b.request.get('/api/movies'), 'api');
    expectRateLimited(await a.request.get('/api/movies'), 'api');
  });
});
