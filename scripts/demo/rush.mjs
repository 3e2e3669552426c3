// npm run demo:rush -- --fans 300 --seats 120 --rate 60 [--db postgres] [--short] [--out dir]
// N simulated fans (a few worker processes, real HTTP and sockets) rush one showtime twice, each run on a
// fresh service and database: A without the waiting room (rate limits as configured by default), B with
// the room on, opening a few seconds after the first fans arrive. Prints progress, then a table, and
// writes <out>/rush-<stamp>.json and .svg. Every figure is measured in the run (docs/queues.md, "The demo").
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { call, createShowtimes } from '../../bench/lib/api.mjs';
import { admin, createDatabase, root } from '../../bench/lib/service.mjs';
import { markdownTable, rushSvg, summarize, textTable } from './rush-report.mjs';
import { cpuSecondsOf, startRushService } from './rush-service.mjs';

const { values: args } = parseArgs({
  options: {
    fans: { type: 'string' },
    seats: { type: 'string' },
    rate: { type: 'string' },
    db: { type: 'string', default: 'sqlite' },
    workers: { type: 'string' },
    out: { type: 'string', default: join(root, 'demo-results') },
    short: { type: 'boolean', default: false },
  },
});
const defaults = args.short
  ? { fans: 16, seats: 8, rate: 600, workers: 2, arrivalMs: 1500, opensAfterMs: 800, deadlineMs: 20_000 }
  : { fans: 300, seats: 120, rate: 60, workers: 3, arrivalMs: 10_000, opensAfterMs: 4000, deadlineMs: 60_000 };
const options = {
  ...defaults,
  fans: Number(args.fans ?? defaults.fans),
  seats: Number(args.seats ?? defaults.seats),
  rate: Number(args.rate ?? defaults.rate),
  workers: Number(args.workers ?? defaults.workers),
  db: args.db,
};
const log = (line) => process.stdout.write(`${line}\n`);

/** One run: a fresh service, one showtime, the fans spread over the workers; returns its summary. */
async function rush(label, roomOn) {
  const database = await createDatabase(options.db, 'rush');
  const service = await startRushService(database);
  try {
    const perRow = Math.min(20, options.seats);
    const rows = Math.ceil(options.seats / perRow);
    const { showtimeIds } = await createShowtimes(service.url, { count: 1, rows, perRow, name: 'Rush' });
    const showtimeId = showtimeIds[0];
    const job = { url: service.url, showtimeId, roomOn, deadlineMs: options.deadlineMs };
    const workers = Array.from({ length: options.workers }, () => fork(join(import.meta.dirname, 'rush-worker.mjs')));
    const counts = workers.map(() => ({ arrived: 0, admitted: 0, bought: 0, gaveUp: 0 }));
    const done = workers.map(
      (worker, w) =>
        new Promise((resolve, reject) => {
          worker.on('message', (message) => {
            if (message.type === 'progress') counts[w] = message.counts;
            if (message.type === 'done') resolve(message.results);
          });
          worker.once('exit', (code) => reject(new Error(`a fan worker exited with code ${code}`)));
        }),
    );
    const ready = workers.map((worker) => new Promise((resolve) => worker.on('message', (m) => m.type === 'ready' && resolve())));
    workers.forEach((worker, w) => {
      // Fan i arrives at i/fans of the arrival window: worker w runs every workers-th fan.
      const fans = [];
      for (let i = w; i < options.fans; i += options.workers) fans.push({ index: i, offsetMs: (i * options.arrivalMs) / options.fans });
      worker.send({ type: 'prepare', ...job, fans });
    });
    await Promise.all(ready);
    const startAt = Date.now() + 1000;
    if (roomOn) {
      const { body } = await call(service.url, 'POST', '/api/auth/login', { body: admin });
      const room = { enabled: true, opensAt: new Date(startAt + options.opensAfterMs).toISOString(), admitPerMinute: options.rate };
      const res = await call(service.url, 'PUT', `/api/showtimes/${showtimeId}/waiting-room`, { token: body.token, body: room });
      if (res.status !== 200) throw new Error(`the room answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    const cpuBefore = cpuSecondsOf(service.pid);
    workers.forEach((worker) => worker.send({ type: 'go', startAt }));
    const progress = setInterval(() => {
      const sum = (key) => counts.reduce((s, c) => s + c[key], 0);
      const seconds = ((Date.now() - startAt) / 1000).toFixed(0);
      log(
        `  ${label}  ${seconds.padStart(3)} s  arrived ${sum('arrived')}/${options.fans}  let in ${sum('admitted')}  bought ${sum('bought')}  left without ${sum('gaveUp')}`,
      );
    }, 2000);
    const results = (await Promise.all(done)).flat();
    clearInterval(progress);
    const cpuSeconds = cpuSecondsOf(service.pid) - cpuBefore;
    const durationSeconds = (Math.max(...results.map((r) => r.boughtAt ?? r.admittedAt ?? r.arrivedAt ?? startAt)) - startAt) / 1000;
    workers.forEach((worker) => worker.removeAllListeners('exit').kill());
    const map = await call(service.url, 'GET', `/api/showtimes/${showtimeId}/seats`);
    const seatsSold = map.body.seats.filter((seat) => seat.status === 'sold').length;
    let drawOrder;
    if (roomOn) {
      const { body } = await call(service.url, 'GET', `/api/showtimes/${showtimeId}/waiting-room/log`);
      const draw = body.records.find((record) => record.type === 'draw');
      drawOrder = draw ? JSON.parse(draw.data).order : [];
    }
    return summarize({ label, roomOn, results, seatsTotal: rows * perRow, seatsSold, cpuSeconds, durationSeconds, drawOrder });
  } finally {
    await service.stop();
    await database.drop();
  }
}

log(
  `Rush: ${options.fans} fans, ${options.seats} seats, waiting room at ${options.rate}/min, ${options.db}, ${options.workers} fan processes`,
);
const runs = [await rush('A · no waiting room', false), await rush('B · waiting room', true)];
log('');
log(textTable(runs));
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
mkdirSync(args.out, { recursive: true });
const base = join(args.out, `rush-${stamp}`);
writeFileSync(`${base}.json`, JSON.stringify({ options, runs, markdown: markdownTable(runs) }, null, 2) + '\n');
writeFileSync(`${base}.svg`, rushSvg(runs, options));
log(`\nwrote ${base}.json and ${base}.svg`);
