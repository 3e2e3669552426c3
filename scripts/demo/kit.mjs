// What every demo shares: the real service as a child process on port 0 (its URL from the 'listening'
// IPC message, as in rush-service.mjs), load processes forked from a worker file, a progress line, small
// statistics and the results folder. Every wait here is bounded by a deadline.
import { fork, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { admin, root } from '../../bench/lib/service.mjs';

export { admin, root };
export { createDatabase } from '../../bench/lib/service.mjs';
export { call, createShowtimes, createUsers } from '../../bench/lib/api.mjs';
export { percentile } from './rush-report.mjs';
export { addressOf, metricSum, metricsToken, registerPeople, request } from './kit-http.mjs';

import { metricsToken } from './kit-http.mjs';
import { listeningUrl } from './listening.mjs';
export function log(line) {
  process.stdout.write(`${line}\n`);
}
// --classroom (main.mjs) hears of every service a demo starts, to print the web app's classroom view at
// its front door (the one instance, or the balancer in front of several) and wait for it to be opened.
const serviceListeners = new Set();
export const onService = (listener) => serviceListeners.add(listener);
/** A demo calls this once the service it started answers at `url`; it waits for the listeners. */
export async function announceService(url, label) {
  for (const listener of serviceListeners) await listener({ url, label });
}
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The settings every demo service starts from; each demo adds its own (rate limits, TTLs, cache). */
const baseEnv = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  JWT_SECRET: 'demo-only-secret-0123456789abcdef',
  METRICS_TOKEN: metricsToken,
  BCRYPT_COST: '4',
  ADMIN_EMAIL: admin.email,
  ADMIN_PASSWORD: admin.password,
  HOST: '127.0.0.1',
  PORT: '0',
};

/**
 * Starts `node --import tsx src/main.ts` on `database` with `env` on top of the demo settings.
 * countQueries loads count-queries.mjs into it: queryCount() then asks it how many SQL statements it ran.
 */
export async function startService(database, env = {}, { countQueries = false } = {}) {
  const imports = ['--import', 'tsx', ...(countQueries ? ['--import', join(import.meta.dirname, 'count-queries.mjs')] : [])];
  const child = spawn(process.execPath, [...imports, 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, ...baseEnv, DATABASE_URL: database.url, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await listeningUrl(child);
  await announceService(url, 'one instance');
  return {
    url,
    pid: child.pid,
    queryCount() {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the service did not say its query count')), 5000);
        const listener = (message) => {
          if (message?.event !== 'demo:query-count') return;
          clearTimeout(timer);
          child.off('message', listener);
          resolve(message.count);
        };
        child.on('message', listener);
        child.send({ type: 'demo:query-count' });
      });
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Forks `count` load processes from `file`, sends each its job (jobFor(index)), waits until all say
 * 'ready', then 'go' with a common start time. Returns { progress: [...latest per worker], done }, where
 * done resolves to every worker's 'done' results, in worker order.
 */
export async function startWorkers(file, count, jobFor, { startInMs = 500, timeoutMs = 120_000 } = {}) {
  const workers = Array.from({ length: count }, () => fork(file, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const progress = workers.map(() => ({}));
  const ready = [];
  const results = workers.map((worker, w) => {
    ready.push(new Promise((resolve) => worker.on('message', (m) => m.type === 'ready' && resolve())));
    return new Promise((resolve, reject) => {
      worker.on('message', (message) => {
        if (message.type === 'progress') progress[w] = message.counts;
        if (message.type === 'done') resolve(message.results);
      });
      worker.once('exit', (code) => reject(new Error(`a load process exited with code ${code} before it finished`)));
    });
  });
  const all = Promise.all(results);
  const kill = () => workers.forEach((worker) => worker.removeAllListeners('exit').kill());
  workers.forEach((worker, w) => worker.send({ type: 'job', ...jobFor(w) }));
  // A process that dies while the others get ready ends the wait at once, not at the timeout.
  await withTimeout(Promise.race([Promise.all(ready), all]), 60_000, 'the load processes did not get ready within 60 s').catch((error) => {
    kill();
    throw error;
  });
  const startAt = Date.now() + startInMs;
  workers.forEach((worker) => worker.send({ type: 'go', startAt }));
  const done = withTimeout(all, timeoutMs, 'the load processes did not finish in time').finally(kill);
  return { startAt, progress, done, workers };
}

export function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

/** Prints line() every `ms` until stop() is called. */
export function ticker(line, ms = 1000) {
  const timer = setInterval(() => log(line()), ms);
  return () => clearInterval(timer);
}

/** The worker side of startWorkers: run(job, startAt, report) does the work, report(counts) sends progress. */
export function workerMain(run) {
  let job;
  process.on('message', async (message) => {
    if (message.type === 'job') {
      job = message;
      await job.prepare?.();
      process.send({ type: 'ready' });
    }
    if (message.type === 'go') {
      const results = await run(job, message.startAt, (counts) => process.send({ type: 'progress', counts }));
      process.send({ type: 'done', results }, () => process.exit(0));
    }
  });
}

export const round = (n, digits = 1) => (n === null || n === undefined ? null : Number(Number(n).toFixed(digits)));

/** Writes summary.json and chart.svg into `out` (created). */
export function writeResults(out, summary, svg) {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  writeFileSync(join(out, 'chart.svg'), svg);
  return { json: join(out, 'summary.json'), svg: join(out, 'chart.svg') };
}

/** Flags as numbers, with defaults for the full and the short size. */
export function sizes(flags, short, full, small) {
  const chosen = short ? small : full;
  return Object.fromEntries(Object.entries(chosen).map(([k, v]) => [k, flags[k] === undefined ? v : Number(flags[k])]));
}

/** A plain text table: rows of [name, value]. */
export function textTable(rows) {
  const width = Math.max(...rows.map((r) => String(r[0]).length));
  return rows.map(([k, v]) => `  ${String(k).padEnd(width)}   ${v}`).join('\n');
}
