// Replica: a Postgres primary and a streaming replica of the project's own (npm run replica,
// scripts/replica/), one Marquee on them (DATABASE_URL=primary, DATABASE_REPLICA_URLS=replica), and
// writers in separate processes that hold a seat and read it back at once, as themselves and anonymously.
// Two phases on the same pair: the replica as it is (asynchronous streaming), then replaying
// --delay-ms late (recovery_min_apply_delay, set on the replica with ALTER SYSTEM), so the lag is visible.
// Counted: signed-in reads that missed the user's own hold (read-your-writes: must be 0), anonymous reads
// from the replica and whether they missed it, how long until the replica database itself had the write
// (polled with SQL), and the service's own lag gauges (/metrics marquee_replica_lag_seconds and _bytes).
import { join } from 'node:path';
import pg from 'pg';
import { barChart } from './chart.mjs';
import * as kit from './kit.mjs';
import { startScript } from './kit-process.mjs';

async function phase(o, label, url, showtimeId, people, metricsEveryMs = 200) {
  const lagSeconds = [];
  const lagBytes = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      lagSeconds.push(await kit.metricSum(url, 'marquee_replica_lag_seconds'));
      lagBytes.push(await kit.metricSum(url, 'marquee_replica_lag_bytes'));
      await kit.sleep(metricsEveryMs);
    }
  })();
  const perWorker = Math.ceil(people.length / o.workers);
  const load = await kit.startWorkers(
    join(import.meta.dirname, 'replica-load.mjs'),
    o.workers,
    (w) => ({
      url,
      replicaUrl: o.replicaUrl,
      showtimeId,
      people: people.slice(w * perWorker, (w + 1) * perWorker),
      offset: w * perWorker,
      rounds: o.rounds,
      deadline: Date.now() + 60_000,
    }),
    { timeoutMs: 90_000 },
  );
  const stop = kit.ticker(() => {
    const sum = (k) => load.progress.reduce((s, p) => s + (p[k] ?? 0), 0);
    return `  ${label}  rounds ${sum('rounds')}/${people.length * o.rounds}  own map missed the hold ${sum('ownStale')}  anonymous map missed it ${sum('anonymousStale')}`;
  }, 2000);
  const rounds = (await load.done).flat().filter((r) => r.holdStatus === 201);
  stop();
  sampling = false;
  await sampler;
  const visible = rounds.map((r) => r.visibleAfterMs).filter((v) => v !== null);
  return {
    label,
    rounds: rounds.length,
    ownReadsShowingOwnHold: rounds.filter((r) => r.ownSawIt).length,
    anonymousFromReplica: rounds.filter((r) => r.anonymousFrom && r.anonymousFrom !== 'primary').length,
    anonymousMissedIt: rounds.filter((r) => !r.anonymousSawIt).length,
    replicaLackedItAtAnswer: rounds.filter((r) => !r.replicaHadItAtOnce).length,
    // The read-your-writes case itself: the own map showed the hold while the replica still lacked it.
    ownSawItWhileReplicaLacked: rounds.filter((r) => r.ownSawIt && r.replicaLackedItAfterReads).length,
    neverVisible: rounds.length - visible.length,
    replicaHadItAfterMs: {
      p50: kit.percentile(visible, 50),
      p99: kit.percentile(visible, 99),
      max: visible.length ? Math.max(...visible) : null,
    },
    lagSecondsMax: kit.round(Math.max(0, ...lagSeconds), 3),
    lagBytesMax: Math.max(0, ...lagBytes),
    lagSamples: lagSeconds.length,
  };
}

export async function run({ short, flags }) {
  const o = kit.sizes(
    flags,
    short,
    { writers: 8, rounds: 15, workers: 2, delayMs: 500 },
    { writers: 3, rounds: 4, workers: 1, delayMs: 300 },
  );
  kit.log(`  ${o.writers} writers in ${o.workers} processes x ${o.rounds} rounds per phase; phase B replays ${o.delayMs} ms late`);
  let pair;
  let service;
  try {
    pair = await startScript('scripts/replica/main.ts', ['--database', 'marquee_demo_replica'], { ready: /replica ready: (\{.*\})/ });
    const { primaryUrl, replicaUrl } = JSON.parse(pair.match[1]);
    o.replicaUrl = replicaUrl;
    kit.log(`  primary ${primaryUrl.replace(/^.*@/, '')}, replica ${replicaUrl.replace(/^.*@/, '')}`);
    service = await kit.startService(
      { url: primaryUrl },
      { DATABASE_REPLICA_URLS: replicaUrl, REPLICA_HEALTH_INTERVAL_MS: '100', RATE_LIMIT_ENABLED: 'false' },
    );
    const { showtimeIds } = await kit.createShowtimes(service.url, { count: 1, rows: 16, perRow: 20, name: 'Replica' });
    const people = await kit.registerPeople(service.url, o.writers, 'writer');
    // The showtime must be on the replica before the phases start: wait (bounded) until a map comes from it.
    for (let i = 0; i < 200; i++) {
      const res = await kit.request(service.url, 'GET', `/api/showtimes/${showtimeIds[0]}/seats`);
      if (res.status === 200 && res.readFrom && res.readFrom !== 'primary') break;
      await kit.sleep(50);
    }
    const runs = [await phase(o, 'A · streaming as is', service.url, showtimeIds[0], people)];
    const standby = new pg.Client({ connectionString: replicaUrl });
    await standby.connect();
    await standby.query(`ALTER SYSTEM SET recovery_min_apply_delay = '${Math.round(o.delayMs)}ms'`);
    await standby.query('SELECT pg_reload_conf()');
    // The reload is a signal; the replay process takes it in a moment later. Probe (bounded) until a
    // write really arrives late: a hold whose claim the replica lacks right after the answer.
    for (let i = 0; i < 50; i++) {
      const probe = await kit.request(service.url, 'POST', `/api/showtimes/${showtimeIds[0]}/holds`, {
        person: people[0],
        body: { seats: ['P20'] },
      });
      const holdId = probe.body?.hold?.id;
      const { rowCount } = await standby.query('SELECT 1 FROM "SeatClaim" WHERE "holdId" = $1', [holdId]);
      await kit.request(service.url, 'DELETE', `/api/holds/${holdId}`, { person: people[0] });
      if (rowCount === 0) break;
      await kit.sleep(100);
    }
    await standby.end();
    runs.push(await phase(o, `B · replaying ${o.delayMs} ms late`, service.url, showtimeIds[0], people));
    const summary = { options: { ...o, replicaUrl: undefined }, runs };
    const [a, b] = runs;
    const svg = barChart({
      title: `Replica: read-your-writes ${a.ownReadsShowingOwnHold}/${a.rounds} and ${b.ownReadsShowingOwnHold}/${b.rounds}, while the replica lacked the write ${a.replicaLackedItAtAnswer} and ${b.replicaLackedItAtAnswer} times`,
      subtitle: `the replica had a write p50 ${a.replicaHadItAfterMs.p50} ms after its answer (as is) vs ${b.replicaHadItAfterMs.p50} ms (${o.delayMs} ms apply delay)`,
      series: runs.map((r) => r.label),
      groups: [
        { label: 'own map missed own hold', values: runs.map((r) => r.rounds - r.ownReadsShowingOwnHold) },
        { label: 'replica lacked it at the answer', values: runs.map((r) => r.replicaLackedItAtAnswer) },
        { label: 'on the replica after, p50 ms', values: runs.map((r) => kit.round(r.replicaHadItAfterMs.p50 ?? 0)) },
        { label: 'p99 ms', values: runs.map((r) => kit.round(r.replicaHadItAfterMs.p99 ?? 0)) },
        { label: 'lag gauge max ms', values: runs.map((r) => kit.round(r.lagSecondsMax * 1000)) },
      ],
      independent: true,
    });
    const row = (name, f) => [name, `${f(a)}   |   ${f(b)}`];
    const table = kit.textTable([
      ['', `${a.label}   |   ${b.label}`],
      row('rounds (hold, read back, release)', (r) => r.rounds),
      row('own map showed own hold', (r) => `${r.ownReadsShowingOwnHold}/${r.rounds}`),
      row('anonymous map came from the replica', (r) => r.anonymousFromReplica),
      row('anonymous map missed the hold', (r) => r.anonymousMissedIt),
      row('replica lacked it at the answer', (r) => `${r.replicaLackedItAtAnswer}/${r.rounds}`),
      row('own map showed it, replica still lacked it', (r) => `${r.ownSawItWhileReplicaLacked}/${r.rounds}`),
      row(
        'replica had it after p50/p99/max ms',
        (r) => `${kit.round(r.replicaHadItAfterMs.p50)}/${kit.round(r.replicaHadItAfterMs.p99)}/${kit.round(r.replicaHadItAfterMs.max)}`,
      ),
      row('lag gauge max (s, bytes)', (r) => `${r.lagSecondsMax} s, ${r.lagBytesMax} B (${r.lagSamples} samples)`),
    ]);
    return { summary, svg, table };
  } finally {
    await service?.stop();
    await pair?.stop();
  }
}
