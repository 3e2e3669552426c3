// The single-process guarantees, across a real cluster: nginx in front of three instances on one Postgres
// database and one Redis (npm run cluster). Requests go through nginx unless a test reads one instance
// directly. Through nginx every request comes from this test's address (nginx records it, the instances
// trust that one hop and nothing a client writes in X-Forwarded-For), so the per-IP limits are set out of
// reach here and the exactness of a shared limit is shown with the per-account login limit.
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { startTestCluster, type TestCluster } from '../support/cluster';
import { call, registerUsers as registerAll, setUpShowtime as setUp, type Answer } from '../support/cluster-load';
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

const setUpShowtime = async (rows: number, seatsPerRow: number) => (await setUp(cluster.url, rows, seatsPerRow)).showtime;
// Registering hashes a password: 25 at a time keeps the instances' CPU from timing anything out.
async function registerUsers(count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i += 25) tokens.push(...(await registerAll(cluster.url, Math.min(25, count - i))));
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
    const answers = await Promise.all(
      tokens.map((token) => call(cluster.url, 'POST', `/api/showtimes/${showtime.id}/holds`, { token, body: { seats: ['B5'] } })),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(199);
    // The race really was spread over the instances.
    expect(new Set(answers.map((answer) => answer.instance)).size).toBe(3);
    const map = (await call(cluster.url, 'GET', `/api/showtimes/${showtime.id}/seats`)).body;
    expect(
      map.seats.filter((seat: { status: string }) => seat.status !== 'available').map((seat: { label: string }) => seat.label),
    ).toEqual(['B5']);
  });

  it('when a hold or release is acknowledged by instance 1, then a direct read of instance 3 right after shows it, 1,000 times', async () => {
    const showtime = await setUpShowtime(1, 4);
    const [token] = await registerUsers(1);
    const first = cluster.instanceUrl('marquee-1');
    const third = cluster.instanceUrl('marquee-3');
    const statusOnThird = async () =>
      ((await call(third, 'GET', `/api/showtimes/${showtime.id}/seats`)).body.seats as { label: string; status: string }[]).find(
        (seat) => seat.label === 'A1',
      )?.status;
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
      const held = await call(cluster.instanceUrl('marquee-1'), 'POST', `/api/showtimes/${showtime.id}/holds`, {
        token,
        body: { seats: ['A3'] },
      });
      expect(held.instance).toBe('marquee-1');
      await waitFor(
        'the change on the viewer of instance 3',
        () => changes.some((message) => message.changes.some((change) => change.label === 'A3' && change.status === 'held')),
        10_000,
      );
    } finally {
      viewer.disconnect();
    }
  });

  it('when three holds of a sold-out showtime are released at once through three instances, then each of three waiting parties gets exactly one offer', async () => {
    const showtime = await setUpShowtime(1, 3);
    const [owner, ...waiting] = await registerUsers(4);
    const holds = [];
    for (const seat of ['A1', 'A2', 'A3'])
      holds.push(
        (await call(cluster.url, 'POST', `/api/showtimes/${showtime.id}/holds`, { token: owner, body: { seats: [seat] } })).body.hold,
      );
    const entries = [];
    for (const token of waiting)
      entries.push(
        (await call(cluster.url, 'POST', `/api/showtimes/${showtime.id}/waitlist`, { token, body: { partySize: 1 } })).body.entry,
      );
    expect(entries.map((entry) => entry.status)).toEqual(['waiting', 'waiting', 'waiting']);
    const released = await Promise.all(
      holds.map((hold, i) => call(cluster.instanceUrl(`marquee-${i + 1}`), 'DELETE', `/api/holds/${hold.id}`, { token: owner })),
    );
    expect(released.map((answer) => answer.status)).toEqual([204, 204, 204]);
    const offers = await Promise.all(
      entries.map(async (entry, i) => (await call(cluster.url, 'GET', `/api/waitlist/${entry.id}`, { token: waiting[i] })).body.entry),
    );
    expect(offers.map((entry) => entry.status)).toEqual(['offered', 'offered', 'offered']);
    expect(new Set(offers.map((entry) => entry.offer.seats[0])).size).toBe(3);
    const map = (await call(cluster.url, 'GET', `/api/showtimes/${showtime.id}/seats`)).body.seats as { status: string }[];
    expect(map.map((seat) => seat.status)).toEqual(['held', 'held', 'held']); // never shown free in between
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
