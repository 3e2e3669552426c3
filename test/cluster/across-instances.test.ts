// The single-process guarantees, across a real cluster: nginx in front of three instances on one Postgres
// database and one Redis (npm run cluster). Requests go through nginx unless a test reads one instance
// directly. Through nginx every request comes from this test's address (nginx records it, the instances
// trust that one hop and nothing a client writes in X-Forwarded-For), so the per-IP limits are set out of
// reach here and the exactness of a shared limit is shown with the per-account login limit.
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { startTestCluster, type TestCluster } from '../support/cluster';
import { waitFor } from '../support/wait';

const prefix = `marquee:test:${randomUUID()}:`;
let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startTestCluster({
    instances: 3,
    redisUrl: 'redis://127.0.0.1:6379',
    env: {
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_AUTH_PER_WINDOW: '100000',
      RATE_LIMIT_API_PER_WINDOW: '1000000',
      RATE_LIMIT_AUTH_PER_ACCOUNT_PER_WINDOW: '10',
      RATE_LIMIT_HOLDS_PER_WINDOW: '100000',
      RATE_LIMIT_HOLD_CYCLES_PER_SHOWTIME: '100000',
      RATE_LIMIT_REDIS_PREFIX: prefix,
    },
  });
});
afterAll(() => cluster?.stop());

type Answer = { status: number; body: any; instance: string | null };
async function call(base: string, method: string, path: string, options: { token?: string; body?: unknown; key?: string } = {}): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.key ? { 'idempotency-key': options.key } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, instance: res.headers.get('x-marquee-instance') };
}

async function setUpShowtime(rows: number, seatsPerRow: number) {
  const admin = (await call(cluster.url, 'POST', '/api/auth/login', { body: { email: 'admin@cluster.test', password: 'admin-password' } })).body.token;
  const movie = (await call(cluster.url, 'POST', '/api/movies', { token: admin, body: { title: `Film ${randomUUID()}`, durationMinutes: 90, rating: 'PG' } })).body.movie;
  const layout = { name: `Room ${randomUUID()}`, sections: [{ name: 'S', priceCents: 1000 }], rows: Array.from({ length: rows }, (_, i) => ({ label: String.fromCharCode(65 + i), seats: seatsPerRow, section: 'S' })) };
  const room = (await call(cluster.url, 'POST', '/api/auditoriums', { token: admin, body: layout })).body.auditorium;
  const startsAt = new Date(Date.now() + 86_400_000 * (2 + Math.random() * 300)).toISOString();
  return (await call(cluster.url, 'POST', '/api/showtimes', { token: admin, body: { movieId: movie.id, auditoriumId: room.id, startsAt } })).body.showtime;
}

async function registerUsers(count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i += 25) {
    const batch = await Promise.all(Array.from({ length: Math.min(25, count - i) }, () =>
      call(cluster.url, 'POST', '/api/auth/register', { body: { email: `u-${randomUUID()}@cluster.test`, password: 'password-1', name: 'U' } })));
    for (const answer of batch) {
      if (answer.status !== 201) throw new Error(`register answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      tokens.push(answer.body.token);
    }
  }
  return tokens;
}

describe('a cluster of three instances behind nginx', () => {
  it('when requests go through nginx, then every instance serves some and says who it is', async () => {
    const seen = new Map<string, number>();
    for (let i = 0; i < 30; i++) {
      const answer = await call(cluster.url, 'GET', '/healthz');
      expect(answer.body).toEqual({ status: 'ok', instance: answer.instance });
      seen.set(answer.instance as string, (seen.get(answer.instance as string) ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).toEqual(['marquee-1', 'marquee-2', 'marquee-3']);
    for (const count of seen.values()) expect(count).toBe(10); // round robin
  });

  it('when 200 users race for one seat through nginx, then exactly one holds it and 199 get 409', async () => {
    const showtime = await setUpShowtime(2, 10);
    const tokens = await registerUsers(200);
    const answers = await Promise.all(tokens.map((token) => call(cluster.url, 'POST', `/api/showtimes/${showtime.id}/holds`, { token, body: { seats: ['B5'] } })));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(199);
    // The race really was spread over the instances.
    expect(new Set(answers.map((answer) => answer.instance)).size).toBe(3);
    const map = (await call(cluster.url, 'GET', `/api/showtimes/${showtime.id}/seats`)).body;
    expect(map.seats.filter((seat: { status: string }) => seat.status !== 'available').map((seat: { label: string }) => seat.label)).toEqual(['B5']);
  });

  it('when a hold or release is acknowledged by instance 1, then a direct read of instance 3 right after shows it, 1,000 times', async () => {
    const showtime = await setUpShowtime(1, 4);
    const [token] = await registerUsers(1);
    const first = cluster.instanceUrl('marquee-1');
    const third = cluster.instanceUrl('marquee-3');
    const statusOnThird = async () =>
      ((await call(third, 'GET', `/api/showtimes/${showtime.id}/seats`)).body.seats as { label: string; status: string }[]).find((seat) => seat.label === 'A1')?.status;
    await statusOnThird(); // warm instance 3's cache
    let stale = 0;
    let holdId: string | undefined;
    for (let i = 0; i < 1000; i++) {
      if (holdId === undefined) {
        const held = await call(first, 'POST', `/api/showtimes/${showtime.id}/holds`, { token, body: { seats: ['A1'] } });
        expect(held.status).toBe(201);
        holdId = held.body.hold.id;
        if ((await statusOnThird()) !== 'held') stale++;
      } else {
        expect((await call(first, 'DELETE', `/api/holds/${holdId}`, { token })).status).toBe(204);
        holdId = undefined;
        if ((await statusOnThird()) !== 'available') stale++;
      }
    }
    expect(stale).toBe(0);
  }, 300_000);

  it('when a viewer watches through instance 3 and a seat is held through instance 1, then the viewer gets the change', async () => {
    const showtime = await setUpShowtime(1, 6);
    const [token] = await registerUsers(1);
    const viewer: Socket = io(cluster.instanceUrl('marquee-3'), { transports: ['websocket'], reconnection: false });
    try {
      const changes: { changes: { label: string; status: string }[] }[] = [];
      viewer.on('seats:changed', (message) => changes.push(message));
      await new Promise<void>((done, fail) => viewer.once('connect', () => done()).once('connect_error', fail));
      const ack = await viewer.timeout(10_000).emitWithAck('showtime:join', { showtimeId: showtime.id });
      expect(ack.ok).toBe(true);
      const held = await call(cluster.instanceUrl('marquee-1'), 'POST', `/api/showtimes/${showtime.id}/holds`, { token, body: { seats: ['A3'] } });
      expect(held.instance).toBe('marquee-1');
      await waitFor('the change on the viewer of instance 3', () => changes.some((message) => message.changes.some((change) => change.label === 'A3' && change.status === 'held')), 10_000);
    } finally {
      viewer.disconnect();
    }
  });

  it('when 30 wrong passwords for one account are spread over the three instances, then the limit of 10 admits exactly 10', async () => {
    const email = `target-${randomUUID()}@cluster.test`;
    const answers: Answer[] = [];
    for (let i = 0; i < 30; i++) {
      answers.push(await call(cluster.url, 'POST', '/api/auth/login', { body: { email, password: `guess-${i}-wrong` } }));
    }
    expect(new Set(answers.map((answer) => answer.instance)).size).toBe(3);
    expect(answers.filter((answer) => answer.status === 401)).toHaveLength(10);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(20);
  });
});
