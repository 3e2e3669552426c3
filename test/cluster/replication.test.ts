// Read replicas on real Postgres servers of the test's own (scripts/replica/postgres-pair.ts): a primary, a
// streaming replica seeded with pg_basebackup -R, and one Marquee process reading from it. Anonymous seat
// maps come from the replica and equal the primary's once it has caught up; a user's own seat map right
// after their hold shows the hold even while the replica replays late; a stopped replica leaves the
// rotation (reads answer from the primary) and comes back when it is up again.
import { ensureDatabase } from '../../scripts/cluster/cluster';
import { createPostgresPair, type PostgresPair } from '../../scripts/replica/postgres-pair';
import { call, registerUsers, setUpShowtime } from '../support/cluster-load';
import { spawnService, type ServiceProcess } from '../support/spawn';
import { waitFor } from '../support/wait';

let pair: PostgresPair;
let service: ServiceProcess;
let replicaName: string;
const readFrom = async (url: string, showtimeId: string) => {
  const res = await fetch(`${url}/api/showtimes/${showtimeId}/seats`);
  return {
    from: res.headers.get('x-marquee-read-from'),
    map: (await res.json()) as { version: number; seats: { label: string; status: string }[] },
  };
};

beforeAll(async () => {
  pair = await createPostgresPair();
  await ensureDatabase(pair.primary.url('marquee'));
  replicaName = `127.0.0.1:${pair.replica.port}/marquee`;
  service = await spawnService({
    DATABASE_URL: pair.primary.url('marquee'),
    DATABASE_REPLICA_URLS: pair.replica.url('marquee'),
    REPLICA_HEALTH_INTERVAL_MS: '100',
    REPLICA_MAX_LAG_SECONDS: '30',
    CACHE_VERIFY_VERSION: 'true',
    RATE_LIMIT_ENABLED: 'false',
    JWT_SECRET: 'replication-test-secret-long-enough',
    BCRYPT_COST: '4',
    ADMIN_EMAIL: 'admin@cluster.test',
    ADMIN_PASSWORD: 'admin-password',
  });
}, 120_000);
afterAll(async () => {
  if (service) {
    service.child.kill('SIGTERM');
    await service.exited;
  }
  await pair?.drop();
});

it("when the replica has caught up, then anonymous seat maps come from it and equal the primary's", async () => {
  const { showtime, labels } = await setUpShowtime(service.url, 4, 10);
  const [token] = await registerUsers(service.url, 1);
  expect(
    (await call(service.url, 'POST', `/api/showtimes/${showtime.id}/holds`, { token, body: { seats: labels.slice(0, 3) } })).status,
  ).toBe(201);
  await pair.waitForReplay();
  await waitFor('a seat map read from the replica', async () => (await readFrom(service.url, showtime.id)).from === replicaName);
  const { map } = await readFrom(service.url, showtime.id);
  const onPrimary = await queryPrimaryClaims(showtime.id);
  const expected = labels.map((label) => ({ label, status: onPrimary.has(label) ? 'held' : 'available' }));
  expect(map.seats.map((seat) => ({ label: seat.label, status: seat.status }))).toEqual(expected);
  expect(onPrimary.size).toBe(3);
}, 60_000);

async function queryPrimaryClaims(showtimeId: string) {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: pair.primary.url('marquee') });
  await client.connect();
  try {
    const rows = await client.query<{ seatLabel: string }>('SELECT "seatLabel" FROM "SeatClaim" WHERE "showtimeId" = $1', [showtimeId]);
    return new Set(rows.rows.map((row) => row.seatLabel));
  } finally {
    await client.end();
  }
}

it("when replay is delayed, then a user's own seat map right after their hold shows it, 1,000 times", async () => {
  const { showtime, labels } = await setUpShowtime(service.url, 4, 10);
  const tokens = await registerUsers(service.url, 10);
  await pair.setApplyDelay(1500);
  const { Pool } = await import('pg');
  const replica = new Pool({ connectionString: pair.replica.url('marquee'), max: 10 });
  let shown = 0;
  let replicaBehind = 0;
  try {
    // Ten users at once, each on a seat of their own: hold, read the map as that user, read it
    // anonymously, release. 100 rounds each.
    await Promise.all(
      tokens.map(async (token, n) => {
        const seat = labels[n] as string;
        for (let round = 0; round < 100; round++) {
          const held = await call(service.url, 'POST', `/api/showtimes/${showtime.id}/holds`, { token, body: { seats: [seat] } });
          expect(held.status).toBe(201);
          const mine = await call(service.url, 'GET', `/api/showtimes/${showtime.id}/seats`, { token });
          const view = (mine.body.seats as { label: string; status: string; mine?: boolean }[]).find((one) => one.label === seat);
          if (view?.status === 'held' && view.mine === true) shown++;
          const onReplica = await replica.query('SELECT 1 FROM "Hold" WHERE "id" = $1', [held.body.hold.id]);
          if (onReplica.rowCount === 0) replicaBehind++;
          expect((await call(service.url, 'DELETE', `/api/holds/${held.body.hold.id}`, { token })).status).toBeLessThan(300);
        }
      }),
    );
  } finally {
    await replica.end();
    await pair.setApplyDelay(0);
  }
  expect(shown).toBe(1000);
  // The delay was real: right after the hold, the replica itself did not have it yet.
  expect(replicaBehind).toBeGreaterThan(900);
  console.log(
    `read-your-writes with replay delayed 1.5 s: 1000/1000 own holds shown; the replica lacked the hold ${replicaBehind}/1000 times`,
  );
}, 90_000);

it('when the replica stops, then reads answer from the primary, and when it is back it is used again', async () => {
  const { showtime } = await setUpShowtime(service.url, 2, 5);
  const admin = (await call(service.url, 'POST', '/api/auth/login', { body: { email: 'admin@cluster.test', password: 'admin-password' } }))
    .body.token;
  await pair.waitForReplay();
  await waitFor('reads from the replica', async () => (await readFrom(service.url, showtime.id)).from === replicaName);
  const replicaState = async () =>
    ((await call(service.url, 'GET', '/api/admin/stats', { token: admin })).body.replicas as { inRotation: boolean }[])[0];
  const [token] = await registerUsers(service.url, 1);
  // A change, so the next read loads the map again rather than serving the one cached from the replica.
  const change = async (seat: string) =>
    expect((await call(service.url, 'POST', `/api/showtimes/${showtime.id}/holds`, { token, body: { seats: [seat] } })).status).toBe(201);
  await pair.replica.stop();
  try {
    await waitFor('the replica out of rotation', async () => (await replicaState())?.inRotation === false, 10_000);
    await change('A1');
    for (let i = 0; i < 20; i++) {
      const answer = await readFrom(service.url, showtime.id);
      expect(answer.from).toBe('primary');
      expect(answer.map.seats).toHaveLength(10);
    }
    const stats = (await call(service.url, 'GET', '/api/admin/stats', { token: admin })).body;
    expect(stats.replicas).toEqual([expect.objectContaining({ name: replicaName, up: false, inRotation: false, lagBytes: null })]);
  } finally {
    await pair.replica.start();
  }
  await waitFor('the replica in rotation again', async () => (await replicaState())?.inRotation === true, 20_000);
  await change('A2');
  await pair.waitForReplay();
  await waitFor('reads from the replica again', async () => (await readFrom(service.url, showtime.id)).from === replicaName, 5000);
  const stats = (await call(service.url, 'GET', '/api/admin/stats', { token: admin })).body;
  expect(stats.replicas).toEqual([expect.objectContaining({ name: replicaName, up: true, inRotation: true })]);
  const metrics = await (await fetch(`${service.url}/metrics`)).text();
  expect(metrics).toMatch(new RegExp(`marquee_replica_lag_bytes\\{replica="${replicaName}"\\} \\d+`));
  expect(metrics).toMatch(new RegExp(`marquee_replica_lag_seconds\\{replica="${replicaName}"\\} [\\d.]+`));
}, 60_000);
