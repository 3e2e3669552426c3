// npm run drill:failover [-- --async] [--stall-ms 0] [--seconds 8] [--kill-at 3] [--buyers 12]
// A failover drill on real Postgres servers of the drill's own: a primary and a streaming replica, one
// Marquee instance on them, buyers holding and buying seats. In the middle: `kill -9` of the primary's
// postmaster, promotion of the replica, Marquee started again on it (same port, so clients just retry).
// Then it counts what clients were told against what the new primary has: acknowledged bookings missing,
// seats sold twice, acknowledged holds missing. --stall-ms N freezes the primary's WAL sender (SIGSTOP)
// for the last N ms before the kill, as a slow network would, and it dies with the primary: what
// asynchronous replication acknowledged meanwhile is lost, while synchronous replication makes those
// commits wait. docs/replication.md.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDatabase } from '../cluster/cluster';
import { stopProcess } from '../cluster/instances';
import { registerUsers, runBuyers, setUpShowtime, type LoadRecord } from '../../test/support/cluster-load';
import { createPostgresPair, type PostgresPair } from './postgres-pair';

const root = resolve(__dirname, '..', '..');

export type DrillResult = {
  mode: 'synchronous' | 'asynchronous';
  statuses: Record<string, number>;
  acknowledgedHolds: number;
  acknowledgedBookings: number;
  bookingsMissing: number;
  seatsSoldTwice: number;
  holdsLost: number;
  downtimeMs: number;
};

const freePort = () =>
  new Promise<number>((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });

/** One Marquee process on `port`, resolved once it listens. */
function startMarquee(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = fork(resolve(root, 'src/main.ts'), [], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk) => (errors = (errors + chunk).slice(-2000)));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`Marquee did not start within 60 s: ${errors}`)), 60_000);
    child.on('message', (message: { event?: string }) => {
      if (message.event !== 'listening') return;
      clearTimeout(timer);
      done(child);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`Marquee exited during start (code ${code}): ${errors}`));
    });
  });
}

/** Compares what the clients were told with what the new primary holds. */
async function count(pair: PostgresPair, load: LoadRecord) {
  const database = pair.replica.url('marquee');
  const { Client } = await import('pg');
  const client = new Client({ connectionString: database });
  await client.connect();
  try {
    const bookingIds = load.bookings.map((booking) => booking.id);
    const found = await client.query<{ id: string }>('SELECT "id" FROM "Booking" WHERE "id" = ANY($1) AND "status" = \'confirmed\'', [
      bookingIds,
    ]);
    const holdIds = load.holds.map((hold) => hold.id);
    const holds = await client.query<{ id: string }>('SELECT "id" FROM "Hold" WHERE "id" = ANY($1)', [holdIds]);
    // Sold twice: one seat in two confirmed bookings on the new primary, or acknowledged to two buyers.
    const doubleInDatabase = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM (SELECT b."showtimeId", s.label FROM "Booking" b, jsonb_array_elements_text(b."seats"::jsonb) AS s(label)
        WHERE b."status" = 'confirmed' GROUP BY 1, 2 HAVING count(*) > 1) AS twice`,
    );
    const seatOfHold = new Map(load.holds.map((hold) => [hold.id, hold.seat]));
    const buyersOfSeat = new Map<string, Set<string>>();
    for (const booking of load.bookings) {
      const seat = seatOfHold.get(booking.holdId) ?? '?';
      buyersOfSeat.set(seat, (buyersOfSeat.get(seat) ?? new Set()).add(booking.id));
    }
    const doubleAcknowledged = [...buyersOfSeat.values()].filter((ids) => ids.size > 1).length;
    return {
      bookingsMissing: new Set(bookingIds).size - found.rowCount!,
      holdsLost: new Set(holdIds).size - holds.rowCount!,
      seatsSoldTwice: Math.max(Number(doubleInDatabase.rows[0]?.n ?? 0), doubleAcknowledged),
    };
  } finally {
    await client.end();
  }
}

export type DrillOptions = {
  synchronous: boolean;
  stallMs?: number;
  seconds: number;
  killAtSeconds: number;
  buyers: number;
  log: (line: string) => void;
};

/** The primary's WAL sender process (the one that streams to the replica). */
const walSenderPid = (pair: PostgresPair) =>
  Number(
    execFileSync('pgrep', ['-f', `postgres: 15/${pair.primary.name}: walsender`])
      .toString()
      .split('\n')[0],
  );

export async function runFailoverDrill(options: DrillOptions): Promise<DrillResult> {
  const stallMs = options.stallMs ?? 0;
  const { log } = options;
  const mode = options.synchronous ? 'synchronous' : 'asynchronous';
  log(`[drill] creating a primary and a streaming replica (${mode} replication)`);
  const pair = await createPostgresPair({ synchronous: options.synchronous, log });
  let marquee: ChildProcess | undefined;
  try {
    await ensureDatabase(pair.primary.url('marquee'));
    const port = await freePort();
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      JWT_SECRET: 'failover-drill-secret-long-enough',
      BCRYPT_COST: '4',
      ADMIN_EMAIL: 'admin@cluster.test',
      ADMIN_PASSWORD: 'admin-password',
      HOLD_TTL_SECONDS: '3',
      HOLD_SWEEP_INTERVAL_MS: '250',
      RATE_LIMIT_ENABLED: 'false',
      REPLICA_HEALTH_INTERVAL_MS: '200',
    };
    marquee = await startMarquee(port, {
      ...env,
      DATABASE_URL: pair.primary.url('marquee'),
      DATABASE_REPLICA_URLS: pair.replica.url('marquee'),
    });
    const url = `http://127.0.0.1:${port}`;
    log(`[drill] Marquee on ${url}: primary :${pair.primary.port}, replica :${pair.replica.port}`);
    const { showtime, labels } = await setUpShowtime(url, 8, 12);
    const tokens = await registerUsers(url, options.buyers);
    let downtimeMs = 0;
    log(`[drill] ${options.buyers} buyers for ${options.seconds} s; the primary dies at ${options.killAtSeconds} s`);
    const load = await runBuyers({
      url,
      showtimeId: showtime.id,
      labels,
      tokens,
      durationMs: options.seconds * 1000,
      maxRequests: 20_000,
      during: {
        atMs: options.killAtSeconds * 1000 - stallMs,
        action: async () => {
          const sender = stallMs > 0 ? walSenderPid(pair) : 0;
          if (sender) {
            process.kill(sender, 'SIGSTOP');
            log(`[drill] primary's WAL sender frozen for ${stallMs} ms`);
            await new Promise((next) => setTimeout(next, stallMs)); // the simulated network stall itself
          }
          const killedAt = Date.now();
          const pid = await pair.primary.kill9();
          log(`[drill] kill -9 ${pid} (the primary's postmaster)`);
          if (sender) process.kill(sender, 'SIGKILL'); // it dies with its server: what it held back is gone
          await pair.replica.promote();
          log(`[drill] replica promoted after ${Date.now() - killedAt} ms`);
          // Marquee is pointed at the new primary by a restart with a new DATABASE_URL (and no replica).
          await stopProcess(marquee as ChildProcess, 2000);
          marquee = await startMarquee(port, { ...env, DATABASE_URL: pair.replica.url('marquee') });
          downtimeMs = Date.now() - killedAt;
          log(`[drill] Marquee answers again on the new primary, ${downtimeMs} ms after the kill`);
        },
      },
    });
    const counts = await count(pair, load);
    return {
      mode,
      statuses: load.statuses,
      acknowledgedHolds: load.holds.length,
      acknowledgedBookings: load.bookings.length,
      ...counts,
      downtimeMs,
    };
  } finally {
    if (marquee) await stopProcess(marquee, 5000);
    await pair.drop();
  }
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      async: { type: 'boolean', default: false },
      'stall-ms': { type: 'string', default: '0' },
      seconds: { type: 'string', default: '8' },
      'kill-at': { type: 'string', default: '3' },
      buyers: { type: 'string', default: '12' },
    },
  });
  runFailoverDrill({
    synchronous: !values.async,
    stallMs: Number(values['stall-ms']),
    seconds: Number(values.seconds),
    killAtSeconds: Number(values['kill-at']),
    buyers: Number(values.buyers),
    log: (line) => console.log(line),
  }).then(
    (result) => {
      console.log(`[drill] answers: ${JSON.stringify(result.statuses)}`);
      console.log(
        `[drill] ${result.mode} replication: acknowledged holds ${result.acknowledgedHolds}, bookings ${result.acknowledgedBookings}`,
      );
      console.log(`[drill] acknowledged bookings missing on the new primary: ${result.bookingsMissing}`);
      console.log(`[drill] seats sold twice: ${result.seatsSoldTwice}`);
      console.log(`[drill] acknowledged holds missing on the new primary: ${result.holdsLost}`);
      console.log(`[drill] downtime (kill to answering again): ${result.downtimeMs} ms`);
      process.exit(0);
    },
    (error: Error) => {
      console.error(`[drill] failed: ${error.stack ?? error.message}`);
      process.exit(1);
    },
  );
}
