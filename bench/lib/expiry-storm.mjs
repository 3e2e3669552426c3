// W5: 100,000 active holds that all run out at the same deadline. Creating them through HTTP would take
// minutes, so (bench only) they are written straight into the bench's own database while the service is
// stopped; the service loads them at start and must expire them at the deadline. Measured: deadline ->
// release (Hold.endedAt and the 'hold.expired' audit rows), deadline -> viewer event, event-loop delay
// and RSS (sampled from /metrics and /proc), also at each step before the storm to show where it goes.
import { v7 as uuidv7 } from 'uuid';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createShowtimes, createUsers, readMetrics } from './api.mjs';
import { percentiles, sleep, startViewers } from './jobs.mjs';
import { createDatabase, startService } from './service.mjs';

const sqliteDate = (ms) => new Date(ms).toISOString().replace('Z', '+00:00');
const pgDate = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

/** Direct access to the bench database: seed holds, count active ones, read the expiry delays. */
function openDatabase(database) {
  if (database.kind === 'sqlite') {
    const db = new Database(database.url.slice('file:'.length));
    db.pragma('busy_timeout = 10000');
    return {
      async seed(rows, deadline, now) {
        const hold = db.prepare(
          'INSERT INTO Hold (id, showtimeId, userId, seats, status, expiresAt, extended, createdAt) VALUES (?, ?, ?, ?, ?, ?, 0, ?)',
        );
        const claim = db.prepare('INSERT INTO SeatClaim (showtimeId, seatLabel, userId, holdId, createdAt) VALUES (?, ?, ?, ?, ?)');
        db.transaction(() => {
          for (const r of rows) {
            hold.run(r.id, r.showtimeId, r.userId, JSON.stringify([r.label]), 'active', sqliteDate(deadline), sqliteDate(now));
            claim.run(r.showtimeId, r.label, r.userId, r.id, sqliteDate(now));
          }
        })();
      },
      activeCount: async () => db.prepare("SELECT count(*) AS n FROM Hold WHERE status = 'active'").get().n,
      async delays(deadline) {
        const holds = db.prepare("SELECT expiresAt, endedAt FROM Hold WHERE status = 'expired'").all();
        const audits = db.prepare("SELECT at FROM AuditEvent WHERE action = 'hold.expired'").all();
        return {
          endedAt: holds.map((h) => Date.parse(h.endedAt) - Date.parse(h.expiresAt)),
          audit: audits.map((a) => Date.parse(a.at) - deadline),
        };
      },
      close: async () => db.close(),
    };
  }
  const client = new pg.Client({ connectionString: database.url });
  const connected = client.connect();
  return {
    async seed(rows, deadline, now) {
      await connected;
      for (let i = 0; i < rows.length; i += 1000) {
        const batch = rows.slice(i, i + 1000);
        const holdValues = batch.map(
          (_, j) =>
            `($${j * 4 + 1}, $${j * 4 + 2}, $${j * 4 + 3}, $${j * 4 + 4}, 'active', '${pgDate(deadline)}', false, '${pgDate(now)}')`,
        );
        await client.query(
          `INSERT INTO "Hold" (id, "showtimeId", "userId", seats, status, "expiresAt", extended, "createdAt") VALUES ${holdValues.join(',')}`,
          batch.flatMap((r) => [r.id, r.showtimeId, r.userId, JSON.stringify([r.label])]),
        );
        const claimValues = batch.map((_, j) => `($${j * 4 + 1}, $${j * 4 + 2}, $${j * 4 + 3}, $${j * 4 + 4}, '${pgDate(now)}')`);
        await client.query(
          `INSERT INTO "SeatClaim" ("showtimeId", "seatLabel", "userId", "holdId", "createdAt") VALUES ${claimValues.join(',')}`,
          batch.flatMap((r) => [r.showtimeId, r.label, r.userId, r.id]),
        );
      }
    },
    activeCount: async () => Number((await client.query(`SELECT count(*) AS n FROM "Hold" WHERE status = 'active'`)).rows[0].n),
    async delays(deadline) {
      const holds = await client.query(
        `SELECT EXTRACT(EPOCH FROM ("endedAt" - "expiresAt")) * 1000 AS ms FROM "Hold" WHERE status = 'expired'`,
      );
      const audits = await client.query(`SELECT EXTRACT(EPOCH FROM "at") * 1000 AS ms FROM "AuditEvent" WHERE action = 'hold.expired'`);
      return { endedAt: holds.rows.map((r) => Number(r.ms)), audit: audits.rows.map((r) => Number(r.ms) - deadline) };
    },
    close: () => client.end(),
  };
}

const rssOf = (pid, field) => {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : null;
};

export async function expiryStorm(options) {
  const database = await createDatabase(options.db, 'w5');
  const showtimeCount = Math.ceil(options.holds / 1000);
  let service;
  let db;
  // RSS at each step (/proc/<pid>/status), so a peak can be told apart from what the steps before it hold.
  const memory = {};
  try {
    service = await startService(database);
    await sleep(1000);
    memory.freshBytes = rssOf(service.pid, 'VmRSS');
    const { showtimeIds, labels } = await createShowtimes(service.url, { count: showtimeCount, rows: 20, perRow: 50 });
    const users = await createUsers(service.url, 100);
    await service.stop();
    service = undefined;

    const rows = [];
    for (let k = 0; k < options.holds; k++) {
      // Time-ordered ids, like the ones the service makes.
      rows.push({
        id: uuidv7(),
        showtimeId: showtimeIds[Math.floor(k / 1000)],
        label: labels[k % 1000],
        userId: users[k % users.length].id,
      });
    }
    const now = Date.now();
    const deadline = now + options.stormLeadSeconds * 1000;
    db = openDatabase(database);
    await db.seed(rows, deadline, now);
    console.log(
      `    W5 · seeded ${rows.length} holds in ${Date.now() - now} ms, deadline in ${((deadline - Date.now()) / 1000).toFixed(1)} s`,
    );

    const startAt = Date.now();
    service = await startService(database);
    const startupMs = Date.now() - startAt;
    memory.readyBytes = rssOf(service.pid, 'VmRSS');
    const viewers = await startViewers({ url: service.url, count: options.viewers, processes: 4, showtimeIds, mode: 'available' });
    memory.viewersBytes = rssOf(service.pid, 'VmRSS');
    console.log(
      `    W5 · service ready in ${startupMs} ms, ${options.viewers} viewers joined, deadline in ${((deadline - Date.now()) / 1000).toFixed(1)} s`,
    );
    const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
    console.log(
      `    W5 · RSS: fresh service ${mb(memory.freshBytes)}, ready with the holds ${mb(memory.readyBytes)}, viewers joined ${mb(memory.viewersBytes)}`,
    );
    if (Date.now() > deadline) console.log('    W5 · WARNING: the deadline passed before the viewers joined; raise --storm-lead');

    const samples = [];
    let active = rows.length;
    for (let tick = 0; Date.now() < deadline + 30_000; tick++) {
      if (memory.peakBeforeDeadlineBytes === undefined && Date.now() >= deadline)
        memory.peakBeforeDeadlineBytes = rssOf(service.pid, 'VmHWM');
      const metrics = await readMetrics(service.url).catch((error) => {
        console.log(`    W5 · /metrics failed: ${error.cause?.code ?? error.message}`);
        return {};
      });
      samples.push({
        at: Date.now() - deadline,
        loopP99Ms: metrics.marquee_nodejs_eventloop_lag_p99_seconds * 1000,
        loopMaxMs: metrics.marquee_nodejs_eventloop_lag_max_seconds * 1000,
        rss: metrics.marquee_process_resident_memory_bytes,
        heapUsed: metrics.marquee_nodejs_heap_size_used_bytes,
        heapTotal: metrics.marquee_nodejs_heap_size_total_bytes,
      });
      if (tick % 4 === 0) {
        active = await db.activeCount();
        const t = ((Date.now() - deadline) / 1000).toFixed(1);
        console.log(`    W5 · t=${t} s from the deadline, ${active} holds active, RSS ${(samples.at(-1).rss / 2 ** 20).toFixed(0)} MB`);
        if (active === 0 && Date.now() > deadline + 3000) break;
      }
      await sleep(500);
    }
    const peakRss = rssOf(service.pid, 'VmHWM');
    const seen = await viewers.stop();
    const delays = await db.delays(deadline);
    // One receipt per viewer per message; the first message of each viewer carrying released seats.
    const viewerDelays = seen.receipts.map(([, at]) => at - deadline);
    const window = samples.filter((s) => s.at >= -2000 && Number.isFinite(s.loopP99Ms));
    const highest = samples.reduce((top, s) => (s.rss > (top?.rss ?? 0) ? s : top), undefined);
    return [
      {
        id: 'W5',
        name: `expiry storm, ${rows.length} holds, ${seen.connected} viewers`,
        holds: rows.length,
        stillActive: await db.activeCount(),
        startupMs,
        release: percentiles(delays.endedAt),
        auditRelease: percentiles(delays.audit),
        viewerEvent: percentiles(viewerDelays),
        releasedSeatsSeenByViewers: seen.receipts.reduce((sum, [, , n]) => sum + n, 0),
        eventLoopP99Ms: Math.max(...window.map((s) => s.loopP99Ms)),
        eventLoopMaxMs: Math.max(...window.map((s) => s.loopMaxMs)),
        rssMaxBytes: Math.max(...samples.map((s) => s.rss)),
        rssPeakBytes: peakRss,
        memory: { ...memory, heapUsedAtHighestSampleBytes: highest?.heapUsed, heapTotalAtHighestSampleBytes: highest?.heapTotal },
        samples,
      },
    ];
  } finally {
    await db?.close();
    await service?.stop();
    await database.drop();
  }
}
