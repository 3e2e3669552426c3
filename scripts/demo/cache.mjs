// Cache: the same read load twice, on a fresh service each time, with the read cache on (the default)
// and off (CACHE_ENABLED=false, the switch in src/config.ts). A writer keeps changing seats, so seat maps
// are invalidated as they would be in a busy cinema. Counted in the run: requests and latency (by the
// readers), the cache's hits and misses (/metrics), and the SQL statements the service ran
// (count-queries.mjs inside the service process).
import { join } from 'node:path';
import { barChart } from './chart.mjs';
import * as kit from './kit.mjs';

async function once(o, cacheOn) {
  const database = await kit.createDatabase(o.db, 'cache');
  const service = await kit.startService(database, { RATE_LIMIT_ENABLED: 'false', CACHE_ENABLED: String(cacheOn) }, { countQueries: true });
  try {
    const { showtimeIds } = await kit.createShowtimes(service.url, { count: o.showtimes, rows: 10, perRow: 20, name: 'Cache' });
    const [writer] = await kit.registerPeople(service.url, 1, 'writer');
    const jobs = [
      ...Array.from({ length: o.readers }, () => ({ role: 'reader', concurrency: o.concurrency, maxRequests: o.maxRequests })),
      { role: 'writer', person: writer, writeEveryMs: o.writeEveryMs },
    ];
    // Calibrate: the SQL statements of one write (hold + release), so the readers' share can be told apart.
    const calibrationStart = await service.queryCount();
    for (let i = 0; i < 5; i++) {
      const held = await kit.request(service.url, 'POST', `/api/showtimes/${showtimeIds[0]}/holds`, {
        person: writer,
        body: { seats: ['J20'] },
      });
      await kit.request(service.url, 'DELETE', `/api/holds/${held.body.hold.id}`, { person: writer });
    }
    const sqlPerWrite = ((await service.queryCount()) - calibrationStart) / 5;
    const warmupMs = o.short ? 500 : 2000;
    const load = await kit.startWorkers(
      join(import.meta.dirname, 'cache-load.mjs'),
      jobs.length,
      (w) => ({ url: service.url, showtimeIds, durationMs: o.seconds * 1000, warmupMs, ...jobs[w] }),
      { timeoutMs: o.seconds * 1000 + 60_000 },
    );
    // Counted from the end of the warm-up, like the readers' own figures.
    await kit.sleep(load.startAt + warmupMs - Date.now());
    const queriesBefore = await service.queryCount();
    const [hitsBefore, missesBefore] = [
      await kit.metricSum(service.url, 'marquee_cache_hits_total'),
      await kit.metricSum(service.url, 'marquee_cache_misses_total'),
    ];
    const label = cacheOn ? 'cache on ' : 'cache off';
    const stop = kit.ticker(() => {
      const reads = load.progress.slice(0, -1).reduce((s, p) => s + (p.requests ?? 0), 0);
      return `  ${label}  ${((Date.now() - load.startAt) / 1000).toFixed(0).padStart(3)} s  reads ${reads}  writes ${load.progress.at(-1).writes ?? 0}`;
    }, 2000);
    const results = await load.done;
    stop();
    const queries = (await service.queryCount()) - queriesBefore;
    const hits = (await kit.metricSum(service.url, 'marquee_cache_hits_total')) - hitsBefore;
    const misses = (await kit.metricSum(service.url, 'marquee_cache_misses_total')) - missesBefore;
    const latencies = results.slice(0, -1).flatMap((r) => r.latencies);
    const reads = latencies.length;
    const writes = results.at(-1).counts.writes;
    return {
      cache: cacheOn,
      reads,
      writes,
      errors: results.reduce((s, r) => s + r.counts.errors, 0),
      readsPerSecond: kit.round(reads / o.seconds, 0),
      latencyMs: {
        p50: kit.round(kit.percentile(latencies, 50), 2),
        p90: kit.round(kit.percentile(latencies, 90), 2),
        p99: kit.round(kit.percentile(latencies, 99), 2),
      },
      cacheHits: hits,
      cacheMisses: misses,
      hitRatio: hits + misses ? kit.round(hits / (hits + misses), 3) : null,
      sqlStatements: queries,
      sqlPerWrite,
      // The writer's statements (measured per write before the run) taken out: what the reads cost.
      sqlForReads: Math.max(0, Math.round(queries - writes * sqlPerWrite)),
      sqlPerRead: kit.round(Math.max(0, queries - writes * sqlPerWrite) / reads, 3),
    };
  } finally {
    await service.stop();
    await database.drop();
  }
}

export async function run({ short, flags }) {
  const o = {
    ...kit.sizes(
      flags,
      short,
      { seconds: 15, readers: 2, concurrency: 8, showtimes: 10, writeEveryMs: 200, maxRequests: 200_000 },
      { seconds: 2, readers: 1, concurrency: 4, showtimes: 3, writeEveryMs: 200, maxRequests: 20_000 },
    ),
    db: flags.db ?? 'sqlite',
    short,
  };
  kit.log(
    `  ${o.readers} reader processes x ${o.concurrency} loops for ${o.seconds} s per run, ${o.showtimes} showtimes, a hold+release every ${o.writeEveryMs} ms, ${o.db}`,
  );
  const runs = [await once(o, true), await once(o, false)];
  const [on, off] = runs;
  const summary = { options: o, runs };
  const svg = barChart({
    title: `Cache: the same read load with the cache on and off (${o.db}, ${o.seconds} s each)`,
    subtitle: `cache on: hit ratio ${on.hitRatio}; SQL statements per read ${on.sqlPerRead} on vs ${off.sqlPerRead} off`,
    series: ['cache on', 'cache off'],
    groups: [
      { label: 'reads per second', values: [on.readsPerSecond, off.readsPerSecond] },
      { label: 'latency p50 ms', values: [on.latencyMs.p50, off.latencyMs.p50] },
      { label: 'latency p99 ms', values: [on.latencyMs.p99, off.latencyMs.p99] },
      { label: 'SQL statements per read', values: [on.sqlPerRead, off.sqlPerRead] },
      { label: 'writes done', values: [on.writes, off.writes] },
    ],
    independent: true,
  });
  const row = (name, f) => [name, `${f(on)}   |   ${f(off)}`];
  const table = kit.textTable([
    ['', 'cache on   |   cache off'],
    row('reads (reads/s)', (r) => `${r.reads} (${r.readsPerSecond}/s)`),
    row('latency p50 / p90 / p99 ms', (r) => `${r.latencyMs.p50} / ${r.latencyMs.p90} / ${r.latencyMs.p99}`),
    row('cache hits / misses (ratio)', (r) => `${r.cacheHits} / ${r.cacheMisses} (${r.hitRatio ?? '–'})`),
    row('SQL statements in the run', (r) => `${r.sqlStatements} (${r.sqlPerWrite} per write x ${r.writes} writes)`),
    row('SQL statements for the reads (per read)', (r) => `${r.sqlForReads} (${r.sqlPerRead})`),
    row('writes during the run', (r) => r.writes),
    row('errors', (r) => r.errors),
  ]);
  return { summary, svg, table };
}
