// The classroom view across a cluster (nginx, two instances, Postgres, Redis): one admin socket on one
// instance watches, the other instance hears of it through Redis and starts publishing too, and the
// watcher gets both instances' snapshots through the Redis adapter, each with its own figures.
import { io, type Socket } from 'socket.io-client';
import { startTestCluster, testClusterEnv, type TestCluster } from '../support/cluster';
import { call, registerUsers, setUpShowtime } from '../support/cluster-load';
import { waitFor } from '../support/wait';

let cluster: TestCluster;
let watcher: Socket | undefined;
beforeAll(async () => {
  cluster = await startTestCluster({ instances: 2, redisUrl: 'redis://127.0.0.1:6379', env: { RATE_LIMIT_ENABLED: 'false' } });
});
afterAll(async () => {
  watcher?.disconnect();
  await cluster?.stop();
});

it('when an admin on marquee-1 watches, then it gets snapshots of both instances, and a hold shows on both', async () => {
  const login = await call(cluster.url, 'POST', '/api/auth/login', {
    body: { email: testClusterEnv.ADMIN_EMAIL, password: testClusterEnv.ADMIN_PASSWORD },
  });
  expect(login.status).toBe(200);
  const snapshots: any[] = [];
  watcher = io(cluster.instanceUrl('marquee-1'), { auth: { token: login.body.token }, transports: ['websocket'], reconnection: false });
  watcher.on('classroom:instance', (snapshot) => snapshots.push(snapshot));
  const ack = await watcher.timeout(10_000).emitWithAck('classroom:watch');
  expect(ack.ok).toBe(true);
  expect(ack.snapshot).toMatchObject({ instance: 'marquee-1', redis: 'up', database: { up: true } });
  const from = (id: string) => snapshots.filter((snapshot) => snapshot.instance === id);
  await waitFor('snapshots of both instances', () => from('marquee-1').length > 0 && from('marquee-2').length > 0);
  expect(from('marquee-2').every((snapshot) => snapshot.redis === 'up')).toBe(true);

  // Requests straight to marquee-2 show in its own rate; a hold shows in both instances' figures.
  const showtime = (await setUpShowtime(cluster.url, 2, 10)).showtime;
  const [token] = await registerUsers(cluster.instanceUrl('marquee-2'), 1);
  const before = snapshots.at(-1).activeHolds as number;
  const hold = await call(cluster.instanceUrl('marquee-2'), 'POST', `/api/showtimes/${showtime.id}/holds`, {
    token,
    body: { seats: ['A1'] },
  });
  expect(hold.status).toBe(201);
  const seen = snapshots.length;
  const after = (id: string) => snapshots.slice(seen).filter((snapshot) => snapshot.instance === id);
  await waitFor('both instances counting the hold', () =>
    ['marquee-1', 'marquee-2'].every((id) => after(id).some((snapshot) => snapshot.activeHolds === before + 1)),
  );
  expect(from('marquee-2').some((snapshot) => snapshot.requestsPerSecond > 0)).toBe(true);
  expect(new Set(snapshots.map((snapshot) => snapshot.instance))).toEqual(new Set(['marquee-1', 'marquee-2']));
});
