// Balancer: the real cluster (scripts/cluster: nginx round robin in front of N instances on Postgres and
// Redis) under steady load from separate processes; a third of the way in, one instance gets kill -9.
// Counted from the answers (X-Marquee-Instance): requests per instance per second, errors around the
// kill, and when the cluster had the instance serving again.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lineChart } from './chart.mjs';
import * as kit from './kit.mjs';
import { startScript } from './kit-process.mjs';

export async function run({ short, flags }) {
  const o = kit.sizes(
    flags,
    short,
    { instances: 3, seconds: 40, workers: 2, concurrency: 4 },
    { instances: 2, seconds: 10, workers: 1, concurrency: 3 },
  );
  const killAfterMs = Math.round((o.seconds * 1000) / 3);
  const redisUrl = flags.redisUrl ?? 'redis://127.0.0.1:6379';
  kit.log(
    `  ${o.instances} instances behind nginx, ${o.workers} load processes x ${o.concurrency} loops for ${o.seconds} s, kill -9 of marquee-2 at ${killAfterMs / 1000} s; Postgres, Redis ${redisUrl}`,
  );
  const database = await kit.createDatabase('postgres', 'balancer');
  const folder = mkdtempSync(join(tmpdir(), 'marquee-demo-cluster-'));
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    JWT_SECRET: 'demo-only-secret-0123456789abcdef',
    BCRYPT_COST: '4',
    ADMIN_EMAIL: kit.admin.email,
    ADMIN_PASSWORD: kit.admin.password,
    RATE_LIMIT_ENABLED: 'false',
  };
  const args = [
    '--instances',
    String(o.instances),
    '--port',
    '0',
    '--database-url',
    database.url,
    '--redis-url',
    redisUrl,
    '--folder',
    folder,
  ];
  const events = [];
  let cluster;
  try {
    cluster = await startScript('scripts/cluster/main.ts', args, {
      env,
      ready: /cluster ready: (\S+)/,
      echo: (line) => /exited|is back/.test(line) && events.push({ at: Date.now(), line }),
    });
    const url = cluster.match[1];
    const state = () => JSON.parse(readFileSync(join(folder, 'state.json'), 'utf8'));
    const ids = state().instances.map((i) => i.id);
    await kit.announceService(url, `nginx in front of ${o.instances} instances`);
    kit.log(
      `  cluster ready at ${url}: ${state()
        .instances.map((i) => `${i.id} (pid ${i.pid})`)
        .join(', ')}`,
    );
    const { showtimeIds } = await kit.createShowtimes(url, { count: 1, rows: 10, perRow: 20, name: 'Balancer' });
    const people = await kit.registerPeople(url, o.workers * o.concurrency, 'buyer');
    const load = await kit.startWorkers(
      join(import.meta.dirname, 'balancer-load.mjs'),
      o.workers,
      (w) => ({
        url,
        showtimeId: showtimeIds[0],
        people,
        durationMs: o.seconds * 1000,
        concurrency: o.concurrency,
        offset: w * o.concurrency,
        pauseMs: 5,
      }),
      { timeoutMs: o.seconds * 1000 + 60_000 },
    );
    const victim = state().instances.find((i) => i.id === 'marquee-2');
    let killAt;
    const killer = (async () => {
      await kit.sleep(load.startAt + killAfterMs - Date.now());
      killAt = Date.now();
      process.kill(victim.pid, 'SIGKILL');
      kit.log(`  kill -9 marquee-2 (pid ${victim.pid})`);
    })();
    const stop = kit.ticker(() => {
      const sum = (k) => load.progress.reduce((s, p) => s + (p[k] ?? 0), 0);
      return `  ${((Date.now() - load.startAt) / 1000).toFixed(0).padStart(3)} s  requests ${sum('requests')}  errors ${sum('errors')}`;
    }, 2000);
    const answers = (await load.done).flat();
    await killer;
    stop();
    const t0 = load.startAt;
    const seconds = Array.from({ length: o.seconds }, (_, s) => s);
    const perSecond = (keep) => {
      const buckets = new Map();
      for (const a of answers.filter(keep)) {
        const s = Math.floor((a.at - t0) / 1000);
        buckets.set(s, (buckets.get(s) ?? 0) + 1);
      }
      return seconds.map((s) => [s, buckets.get(s) ?? 0]);
    };
    const failed = (a) => a.status === 0 || a.status >= 500;
    const errors = answers.filter(failed);
    // Answers still arriving from requests marquee-2 finished just before it died are not "back": count
    // from the moment the cluster saw it exit.
    const exitedAt = events.find((e) => /marquee-2 exited/.test(e.line))?.at ?? killAt + 1000;
    let backAnswer = answers.filter((a) => a.instance === 'marquee-2' && a.at > exitedAt).sort((a, b) => a.at - b.at)[0];
    // Not back before the load ended (a busy machine restarts slowly): probe through nginx, bounded.
    for (let i = 0; !backAnswer && i < 600; i++) {
      const probe = await kit.request(url, 'GET', '/healthz');
      if (probe.instance === 'marquee-2') backAnswer = probe;
      else await kit.sleep(100);
    }
    const restarted = events.find((e) => /marquee-2 is back/.test(e.line));
    const summary = {
      options: { ...o, killAfterMs, redisUrl },
      requests: answers.length,
      byInstance: Object.fromEntries(ids.map((id) => [id, answers.filter((a) => a.instance === id).length])),
      beforeKillShare: Object.fromEntries(
        ids.map((id) => [
          id,
          kit.round(
            answers.filter((a) => a.at < killAt && a.instance === id).length / Math.max(1, answers.filter((a) => a.at < killAt).length),
            3,
          ),
        ]),
      ),
      errors: errors.length,
      errorsByKind: { read: errors.filter((a) => a.kind === 'read').length, write: errors.filter((a) => a.kind === 'write').length },
      errorStatuses: [...new Set(errors.map((a) => a.status || a.error))],
      errorsWithin5sOfKill: errors.filter((a) => a.at >= killAt && a.at < killAt + 5000).length,
      killAtSeconds: kit.round((killAt - t0) / 1000),
      restartedAfterSeconds: restarted ? kit.round((restarted.at - killAt) / 1000) : null,
      servingAgainAfterSeconds: backAnswer ? kit.round((backAnswer.at - killAt) / 1000) : null,
      latencyMs: {
        p50: kit.percentile(
          answers.map((a) => a.ms),
          50,
        ),
        p99: kit.percentile(
          answers.map((a) => a.ms),
          99,
        ),
      },
    };
    const svg = lineChart({
      title: `Balancer: ${summary.requests} requests over ${o.instances} instances; marquee-2 killed at ${summary.killAtSeconds} s — ${summary.errors} errors`,
      subtitle: `marquee-2 serving again ${summary.servingAgainAfterSeconds ?? '–'} s after the kill (the cluster restarts it); errors: ${summary.errorsByKind.read} reads, ${summary.errorsByKind.write} writes`,
      lines: [
        ...ids.map((id) => ({ name: id, points: perSecond((a) => a.instance === id) })),
        { name: 'errors', points: perSecond(failed) },
      ],
      marks: [{ x: (killAt - t0) / 1000, label: 'kill -9 marquee-2' }],
      xLabel: 'seconds since start',
      yLabel: 'answers per second',
    });
    const table = kit.textTable([
      [
        'requests by instance',
        Object.entries(summary.byInstance)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
      ],
      [
        'share before the kill',
        Object.entries(summary.beforeKillShare)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
      ],
      [
        'errors (reads / writes)',
        `${summary.errors} (${summary.errorsByKind.read} / ${summary.errorsByKind.write}) ${summary.errorStatuses.join(', ')}; ${summary.errorsWithin5sOfKill} within 5 s of the kill`,
      ],
      [
        'marquee-2 restarted / serving again',
        `${summary.restartedAfterSeconds ?? '–'} s / ${summary.servingAgainAfterSeconds ?? '–'} s after the kill`,
      ],
      ['latency p50 / p99 ms', `${summary.latencyMs.p50} / ${summary.latencyMs.p99}`],
    ]);
    return { summary, svg, table };
  } finally {
    await cluster?.stop();
    rmSync(folder, { recursive: true, force: true });
    await database.drop();
  }
}
