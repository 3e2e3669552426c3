// npm run demo -- <name> [--short] [--out <folder>] [--db sqlite|postgres] [demo flags]
// Runs one classroom demo on the real service (docs/system-design/index.md says which one when): it prints
// progress while it runs, then a summary, and writes summary.json and chart.svg to the results folder
// (default results/demos/<name>-<timestamp>/; results/ is meant to be git-ignored).
import { spawn } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { admin, log, metricSum, onService, root, sleep, writeResults } from './kit.mjs';

const demos = {
  race: ['race.mjs', 'N bots try to hold one seat at the same instant: one winner, the rest 409 at once'],
  expiry: ['expiry.mjs', 'holds with a short TTL lapse; the waitlist is offered the seats, live over sockets'],
  cache: ['cache.mjs', 'the same read load with the read cache on and off: hit ratio, latency, SQL statements'],
  abuse: ['abuse.mjs', 'a scraper, a hoarder and a password guesser against the limits; a real user still served'],
  sharding: ['sharding.mjs', 'a measured simulation: skewed showtime popularity over N shards, by showtime vs by theater'],
  balancer: ['balancer.mjs', 'traffic through nginx over 3 instances; one is killed mid-run (needs nginx, Postgres, Redis)'],
  replica: ['replica.mjs', 'replica lag and read-your-writes on a primary + streaming replica (needs nginx, Postgres, Redis)'],
  rush: [null, 'the rush demo (scripts/demo/rush.mjs): a crowd on one showtime, without and with the waiting room'],
};

const usage = `usage: npm run demo -- <name> [--short] [--out <folder>] [flags]\n\n${Object.entries(demos)
  .map(([name, [, what]]) => `  ${name.padEnd(9)} ${what}`)
  .join('\n')}\n\n--short runs a small, quick version (the tests use it). --classroom prints the web app's live classroom
view of each service the demo starts (its URL and the demo admin's login) and waits up to --classroomWait
seconds (default 120, 0: no wait) until someone watches it before the load begins.`;

// --short and --help are switches; every other flag takes a value (--bots 50, --delay-ms=300), and a
// demo reads it by its camelCase name (delayMs).
const booleans = new Set(['short', 'help', 'classroom']);
const values = { short: false, help: false };
const positionals = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const match = /^--([a-zA-Z][\w-]*)(?:=(.*))?$/.exec(argv[i]);
  if (!match) {
    positionals.push(argv[i]);
    continue;
  }
  const key = match[1].replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  values[key] = booleans.has(key) ? true : (match[2] ?? argv[++i]);
}
const name = positionals[0];
if (values.help || !name) {
  log(usage);
  process.exit(name || values.help ? 0 : 2);
}
if (!demos[name]) {
  console.error(`unknown demo "${name}"\n\n${usage}`);
  process.exit(2);
}
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const out = values.out ?? join(root, 'results', 'demos', `${name}-${stamp}`);

if (name === 'rush') {
  // The rush demo has its own runner and report; pass the flags through.
  const rest = process.argv.slice(3).filter((arg, i, all) => arg !== '--out' && all[i - 1] !== '--out');
  const child = spawn(process.execPath, [join(import.meta.dirname, 'rush.mjs'), ...rest, '--out', out], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  const demo = await import(`./${demos[name][0]}`);
  if (values.classroom) await offerClassroomView(Number(values.classroomWait ?? 120));
  log(`demo ${name}${values.short ? ' (short)' : ''}: ${demos[name][1]}`);
  const { summary, svg, table } = await demo.run({ short: values.short, flags: values });
  log('');
  log(table);
  const files = writeResults(out, { demo: name, short: values.short, machine: machine(), at: new Date().toISOString(), ...summary }, svg);
  log(`\nwrote ${files.json} and ${files.svg}`);
  // Workers and sockets are closed by each demo; exit now rather than wait on a stray handle.
  process.exit(0);
}

/**
 * --classroom: the view is the web app's own /classroom page (docs/system-design/index.md), served by the
 * service the demo starts, so the web app is built first. For each service started, print where to open
 * it, then wait (bounded) until it is open: the service counts the snapshots it sends to watchers.
 */
async function offerClassroomView(waitSeconds) {
  const { buildWeb } = await import('../build-web.mjs');
  await buildWeb();
  onService(async ({ url, label }) => {
    log(`classroom view: ${url}/classroom  (${label}; sign in as ${admin.email} / ${admin.password})`);
    if (waitSeconds <= 0) return;
    log(`  waiting up to ${waitSeconds} s for the view to be opened…`);
    const deadline = Date.now() + waitSeconds * 1000;
    while (Date.now() < deadline) {
      if ((await metricSum(url, 'marquee_classroom_snapshots_total').catch(() => 0)) > 0) return log('  the view is watching; go');
      await sleep(250);
    }
    log('  nobody opened it; going on');
  });
}

function machine() {
  return { cores: availableParallelism(), cpu: cpus()[0]?.model, node: process.version, platform: process.platform };
}
