// kill -9 of one instance while buyers hold and purchase through nginx: nginx routes around it, nothing
// acknowledged is lost or doubled, its holds still expire on time (the other instances' sweep), its
// sockets reconnect through nginx and resync from a snapshot, and the cluster starts it again.
import { io, type Socket } from 'socket.io-client';
import { startTestCluster, type TestCluster } from '../support/cluster';
import { call, registerUsers, runBuyers, setUpShowtime } from '../support/cluster-load';
import { waitFor } from '../support/wait';

const HOLD_TTL_SECONDS = 3;
let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startTestCluster({
    instances: 3,
    redisUrl: 'redis://127.0.0.1:6379',
    env: { HOLD_TTL_SECONDS: String(HOLD_TTL_SECONDS), HOLD_SWEEP_INTERVAL_MS: '250', RATE_LIMIT_ENABLED: 'false' },
  });
});
afterAll(() => cluster?.stop());

/**
 * A live seat map through nginx, kept the way the contract tells a client to: apply a seats:changed that
 * starts at or below its version and ends above it, ignore one it has, re-join for a snapshot when a
 * message shows a gap (changes made on several instances may arrive out of order, or be lost with an
 * instance), and re-join after every reconnect. It also records which instance holds its socket.
 */
function openViewer(showtimeId: string) {
  const viewer = { instance: '', reconnects: 0, version: -1, seats: new Map<string, string>(), socket: undefined as unknown as Socket };
  const socket = io(cluster.url, { transports: ['websocket'], reconnectionDelay: 100, reconnectionDelayMax: 500 });
  viewer.socket = socket;
  const join = async () => {
    const ack = await socket
      .timeout(10_000)
      .emitWithAck('showtime:join', { showtimeId })
      .catch(() => undefined);
    if (!ack?.ok || ack.snapshot.version < viewer.version) return;
    viewer.version = ack.snapshot.version;
    viewer.seats = new Map(ack.snapshot.seats.map((seat: { label: string; status: string }) => [seat.label, seat.status]));
  };
  socket.on('server:hello', ({ instance }: { instance: string }) => (viewer.instance = instance));
  socket.on('seats:changed', (message: { fromVersion: number; version: number; changes: { label: string; status: string }[] }) => {
    if (message.version <= viewer.version) return;
    if (message.fromVersion > viewer.version) return void join();
    for (const change of message.changes) viewer.seats.set(change.label, change.status);
    viewer.version = message.version;
  });
  socket.on('connect', () => void join());
  socket.io.on('reconnect', () => viewer.reconnects++);
  return viewer;
}

it('when one instance is killed under load, then clients are answered, nothing acknowledged is lost or doubled, and it comes back', async () => {
  const { showtime, labels } = await setUpShowtime(cluster.url, 6, 10);
  const tokens = await registerUsers(cluster.url, 12);
  // Three viewers through nginx: round robin gives each instance one.
  const viewers = [openViewer(showtime.id), openViewer(showtime.id), openViewer(showtime.id)];
  await waitFor('viewers on all three instances', () => new Set(viewers.map((viewer) => viewer.instance)).size === 3);
  const victim = viewers.find((viewer) => viewer.instance === 'marquee-2');
  const before = cluster.state().instances.find((instance) => instance.id === 'marquee-2');
  if (!victim || !before) throw new Error('no viewer or no instance marquee-2');

  const load = await runBuyers({
    url: cluster.url,
    showtimeId: showtime.id,
    labels,
    tokens,
    durationMs: 6000,
    maxRequests: 5000,
    during: { atMs: 2000, action: () => void process.kill(before.pid, 'SIGKILL') },
  });
  try {
    // Every request got an HTTP answer (nginx answers even for a request that died with the instance).
    expect(load.networkErrorMessages).toEqual([]);
    expect(Object.keys(load.statuses).filter((status) => Number(status) >= 500 && status !== '503')).toEqual([]);
    expect(load.holds.length).toBeGreaterThan(20);
    expect(load.holds.some((hold) => hold.instance === 'marquee-2')).toBe(true);

    // The cluster started it again, nginx sends it traffic again.
    await waitFor(
      'marquee-2 restarted',
      () => cluster.state().instances.some((instance) => instance.id === 'marquee-2' && instance.pid !== before.pid),
      60_000,
    );
    await waitFor(
      'marquee-2 answering through nginx',
      async () => (await call(cluster.url, 'GET', '/healthz')).instance === 'marquee-2',
      30_000,
    );

    // Every acknowledged booking is there, once, confirmed.
    for (const booking of load.bookings) {
      const found = await call(cluster.url, 'GET', `/api/bookings/${booking.id}`, { token: booking.token });
      expect({ status: found.status, state: found.body?.booking?.status }).toEqual({ status: 200, state: 'confirmed' });
    }
    const client = cluster.database;
    const { Client } = await import('pg');
    const db = new Client({ connectionString: client.url });
    await db.connect();
    try {
      const confirmed = (
        await db.query(`SELECT "id", "holdId", "seats" FROM "Booking" WHERE "showtimeId" = $1 AND "status" = 'confirmed'`, [showtime.id])
      ).rows;
      const soldSeats = confirmed.flatMap((row) => JSON.parse(row.seats) as string[]);
      expect(new Set(soldSeats).size).toBe(soldSeats.length); // no seat sold twice
      expect(new Set(confirmed.map((row) => row.holdId)).size).toBe(confirmed.length); // no hold bought twice
      // Every booking the service has was told to its buyer (lost answers were retried to the end).
      expect(confirmed.map((row) => row.id).sort()).toEqual(load.bookings.map((booking) => booking.id).sort());

      // Every hold is over by now; the unbought ones expired on time, whichever instance made them.
      await waitFor(
        'every hold ended',
        async () =>
          Number(
            (await db.query(`SELECT COUNT(*) AS n FROM "Hold" WHERE "showtimeId" = $1 AND "status" = 'active'`, [showtime.id])).rows[0].n,
          ) === 0,
        20_000,
      );
      const holds = (await db.query(`SELECT "id", "status", "expiresAt", "endedAt" FROM "Hold" WHERE "showtimeId" = $1`, [showtime.id]))
        .rows;
      const lateMs = holds.filter((hold) => hold.status === 'expired').map((hold) => hold.endedAt.getTime() - hold.expiresAt.getTime());
      expect(lateMs.length).toBeGreaterThan(0);
      expect(Math.max(...lateMs)).toBeLessThan(2000); // sweep every 250 ms; the victim's holds too
      const victimHolds = new Set(load.holds.filter((hold) => hold.instance === 'marquee-2').map((hold) => hold.id));
      expect(holds.filter((hold) => victimHolds.has(hold.id) && hold.status === 'active')).toEqual([]);
      // Expired exactly once, though every instance sweeps: one audit row per expired hold.
      const expiries = (
        await db.query(
          `SELECT "holdId", COUNT(*) AS n FROM "AuditEvent" WHERE "showtimeId" = $1 AND "action" = 'hold.expired' GROUP BY "holdId"`,
          [showtime.id],
        )
      ).rows;
      expect(expiries.length).toBe(lateMs.length);
      expect(expiries.filter((row) => Number(row.n) !== 1)).toEqual([]);
      const claims = Number((await db.query(`SELECT COUNT(*) AS n FROM "SeatClaim" WHERE "showtimeId" = $1`, [showtime.id])).rows[0].n);
      expect(claims).toBe(soldSeats.length);
    } finally {
      await db.end();
    }

    // The victim's viewer reconnected through nginx and its map agrees with the database's.
    expect(victim.reconnects).toBeGreaterThanOrEqual(1);
    const truth = (await call(cluster.url, 'GET', `/api/showtimes/${showtime.id}/seats`)).body.seats as { label: string; status: string }[];
    for (const viewer of viewers) {
      await waitFor('viewer in step', () => truth.every((seat) => viewer.seats.get(seat.label) === seat.status), 10_000);
    }
    console.log(
      cluster
        .output()
        .split('\n')
        .filter((l) => l.startsWith('[cluster]'))
        .join('\n'),
    );
    console.log(
      `instance crash: ${JSON.stringify(load.statuses)} holds=${load.holds.length} bookings=${load.bookings.length} purchaseRetries=${load.purchasesRetried} victimReconnects=${victim.reconnects}`,
    );
  } finally {
    for (const viewer of viewers) viewer.socket.disconnect();
  }
}, 180_000);
