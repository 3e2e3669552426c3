// `npm run bench [-- --duration 10 --only W1,W3 --db postgres]`: builds the service, runs each workload
// against its own fresh service, and writes bench/results/<date>.json, .md and .svg. Every figure is
// also given as a ratio to an Express hello server measured in the same run, on the same machine.
// W6 (`--only W6`), the cluster curve, is not in the default set: it needs nginx, Postgres and Redis, runs
// the clusters from src/ through `npm run cluster` (no build), and adds bench/results/<date>-w6.svg.
import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { clusterCurve, curveOf } from './lib/cluster-curve.mjs';
import { replicationModes } from './lib/replication.mjs';
import { curveSvg } from './lib/curve-report.mjs';
import { expiryStorm } from './lib/expiry-storm.mjs';
import { addRatios, checkTargets, markdown, svgChart } from './lib/report.mjs';
import { benchSettings, root } from './lib/service.mjs';
import { baselines, hotSeats, mixedWithViewers, seatMapReads, uncontendedHolds } from './lib/workloads.mjs';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    only: { type: 'string', default: 'W1,W2,W3,W4,W5' },
    db: { type: 'string' },
    rounds: { type: 'string', default: '20' },
    viewers: { type: 'string', default: '1000' },
    holds: { type: 'string', default: '100000' },
    'storm-lead': { type: 'string', default: '40' },
    'cluster-viewers': { type: 'string', default: '200' },
    'no-build': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(`npm run bench -- [--duration s] [--connections n] [--only W1,W2,W3,W4,W5] [--db sqlite|postgres]
  [--rounds n] [--viewers n] [--holds n] [--storm-lead s] [--cluster-viewers n] [--no-build]
  W0, the baselines, always runs. W6 (the cluster curve) and W7 (holds with an asynchronous, then a
  synchronous replica; needs root and pg_createcluster) always run on Postgres, and only when named: --only W6,W7.`);
  process.exit(0);
}
const only = new Set(
  values.only
    .toUpperCase()
    .split(',')
    .map((s) => s.trim()),
);
// W6 and W7 always run on Postgres (a cluster, a replica), so a run of them alone is a Postgres run. W6
// runs the instances from src/ through tsx; every other workload runs the build.
const clusterOnly = [...only].every((id) => id === 'W6' || id === 'W0');
const db = values.db ?? ([...only].every((id) => ['W0', 'W6', 'W7'].includes(id)) ? 'postgres' : 'sqlite');
if (!['sqlite', 'postgres'].includes(db)) throw new Error('--db is sqlite or postgres');
const options = {
  db,
  duration: Number(values.duration),
  connections: Number(values.connections),
  rounds: Number(values.rounds),
  viewers: Number(values.viewers),
  holds: Number(values.holds),
  stormLeadSeconds: Number(values['storm-lead']),
  clusterViewers: Number(values['cluster-viewers']),
};

function machine() {
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model;
  return { cpu, nproc: cpus().length, memory: `${(totalmem() / 2 ** 30).toFixed(0)} GiB`, node: process.version };
}

function busyProcesses() {
  const list = execSync('ps -eo pid,args', { encoding: 'utf8' }).split('\n');
  return list.filter((line) => /jest|chromium/.test(line) && !line.includes('ps -eo')).map((line) => line.trim().slice(0, 100));
}

const workloads = [
  ['W1', 'seat-map reads, cache on and off', seatMapReads],
  ['W2', 'uncontended holds, then releases', uncontendedHolds],
  ['W3', 'hot seats: races and the 409 path', hotSeats],
  ['W4', 'mixed load with socket.io viewers', mixedWithViewers],
  ['W5', 'expiry storm', expiryStorm],
  ['W6', 'the cluster curve: 1-3 instances behind nginx', clusterCurve],
  ['W7', 'replication: holds with an asynchronous, then a synchronous replica', replicationModes],
];

const started = new Date();
const busy = busyProcesses();
if (busy.length > 0) console.log(`Note: the machine is not quiet (${busy.length} jest/chromium processes); figures will be lower.`);
if (!values['no-build'] && !clusterOnly) {
  console.log('Building (npm run build)...');
  execSync('npm run build', { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
const rows = [];
const benchStart = Date.now();
console.log(`W0 · baselines (${options.duration} s each, ${options.connections} connections)`);
rows.push(...(await baselines(options)));
for (const [id, title, run] of workloads) {
  if (!only.has(id)) continue;
  console.log(`${id} · ${title} (${['W6', 'W7'].includes(id) ? 'postgres' : options.db})`);
  const t = Date.now();
  rows.push(...(await run(options)));
  console.log(`${id} · done in ${((Date.now() - t) / 1000).toFixed(0)} s`);
}
addRatios(rows);
const run = {
  startedAt: started.toISOString(),
  db: options.db,
  options,
  machine: machine(),
  settings: benchSettings,
  quiet: busy.length === 0,
  busy: busy.join('; '),
  // Other work that started meanwhile (tests of other engineers, say) is as telling as what ran before.
  busyAtEnd: busyProcesses().join('; '),
  totalSeconds: Math.round((Date.now() - benchStart) / 1000),
  rows,
};
run.targets = checkTargets(rows, options.db);
if (rows.some((row) => row.id === 'W6')) run.w6 = curveOf(rows);

const folder = join(root, 'bench', 'results');
mkdirSync(folder, { recursive: true });
const stamp = `${started.toISOString().slice(0, 19).replace(/:/g, '-')}-${options.db}`;
writeFileSync(join(folder, `${stamp}.json`), JSON.stringify(run, null, 2) + '\n');
writeFileSync(join(folder, `${stamp}.md`), markdown(run));
writeFileSync(join(folder, `${stamp}.svg`), svgChart(run));
if (run.w6) writeFileSync(join(folder, `${stamp}-w6.svg`), curveSvg(run));
console.log('\n' + markdown(run));
console.log(`Wrote bench/results/${stamp}.{json,md,svg}${run.w6 ? ` and ${stamp}-w6.svg` : ''} (${run.totalSeconds} s of benchmarking)`);
