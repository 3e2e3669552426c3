// W6's clusters: the real `npm run cluster` CLI (scripts/cluster/main.ts) with the bench settings, on a
// fresh Postgres database and a folder of its own, on a port nginx really got (read from its "cluster
// ready" line). stop() ends the CLI with SIGTERM (it stops nginx and every instance), then removes the
// folder and drops the database. CPU time is read per process from /proc, nginx's workers included.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuMs } from './jobs.mjs';
import { admin, benchSettings, createDatabase, root } from './service.mjs';

const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The pids whose parent is `pid` (nginx's master forks its workers). */
function childrenOf(pid) {
  const children = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (parent === pid) children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}

/** Starts a cluster of `instances` behind nginx; resolves with { url, instances, balancer, cpu(), stop() }. */
export async function startBenchCluster(instances, name) {
  const database = await createDatabase('postgres', name);
  const folder = mkdtempSync(join(tmpdir(), 'marquee-w6-'));
  const prefix = `marquee:bench:${name}:${process.pid}:${Date.now()}:`;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/cluster/main.ts',
      '--instances',
      String(instances),
      '--port',
      '0',
      '--database-url',
      database.url,
      '--redis-url',
      redisUrl,
      '--folder',
      folder,
    ],
    {
      cwd: root,
      env: { ...process.env, ...benchSettings, ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, RATE_LIMIT_REDIS_PREFIX: prefix },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk) => (output = (output + chunk).slice(-2_000_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let state;

  async function stop() {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
    // Only if the CLI had to be killed: what it started would be left, so end those by their pids.
    for (const pid of state ? [...state.instances.map((i) => i.pid), state.balancer.pid] : []) {
      try {
        process.kill(pid, 0);
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone, as it should be
      }
    }
    rmSync(folder, { recursive: true, force: true });
    await database.drop();
  }

  try {
    const deadline = Date.now() + 120_000;
    while (!/cluster ready: (\S+)/.test(output)) {
      if (child.exitCode !== null) throw new Error(`the cluster exited while starting:\n${output.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`the cluster was not ready within 120 s:\n${output.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    state = JSON.parse(readFileSync(join(folder, 'state.json'), 'utf8'));
  } catch (error) {
    await stop();
    throw error;
  }
  const url = /cluster ready: (\S+)/.exec(output)[1];
  const instancePids = state.instances.map((i) => i.pid);
  const nginxPids = [state.balancer.pid, ...childrenOf(state.balancer.pid)];
  const sum = (pids) => pids.reduce((total, pid) => total + (cpuMs(pid) ?? 0), 0);
  return {
    url,
    instances: state.instances.map((i) => ({ ...i, url: `http://127.0.0.1:${i.port}` })),
    balancer: { ...state.balancer, pids: nginxPids },
    /** CPU time (ms) used so far by the instances and by nginx (master and workers). */
    cpu: () => ({ instances: sum(instancePids), nginx: sum(nginxPids) }),
    /** The CLI's output so far (the instances' log lines, with their ids in front). */
    output: () => output,
    /** How often the CLI restarted an instance that exited (a measurement with one is suspect). */
    restarts: () => (output.match(/\] marquee-\d+ exited \(/g) ?? []).length,
    stop,
  };
}
