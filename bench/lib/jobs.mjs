// Runs load generators and viewers in their own processes, printing their progress as they go.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); undefined elsewhere. */
export function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in 1/100 s
  } catch {
    return undefined;
  }
}

/**
 * Forks load-worker.mjs with one job; resolves with its result. With `serverPid`, the result also has the
 * server's CPU time per request (µs): unlike req/s, it does not drop when other work shares the machine.
 */
export async function runLoad(title, job, serverPid) {
  const before = serverPid && cpuMs(serverPid);
  const result = await loadWorker(title, job);
  const after = serverPid && cpuMs(serverPid);
  if (before !== undefined && after !== undefined && result.requests > 0)
    result.cpuUsPerRequest = ((after - before) * 1000) / result.requests;
  return result;
}

function loadWorker(title, job) {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, 'load-worker.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (message) => {
      if (message.type === 'progress') {
        const unit = message.unit ?? 's';
        const of = job.duration && unit === 's' ? `/${job.duration}` : '';
        console.log(`    ${title} · ${message.label}: ${message.seconds}${of} ${unit}, ${message.requests} requests`);
      } else if (message.type === 'result') resolve(message.result);
      else if (message.type === 'error') reject(new Error(`${title}: ${message.error}`));
    });
    child.once('exit', (code) => code !== 0 && reject(new Error(`${title}: load worker exited with ${code}`)));
    child.send(job);
  });
}

/** Starts `count` socket.io viewers spread over `processes` child processes; resolves once all joined. */
export async function startViewers({ url, count, processes, showtimeIds, watch, mode }) {
  const children = [];
  const per = Math.ceil(count / processes);
  for (let p = 0; p < processes; p++) {
    const n = Math.min(per, count - p * per);
    if (n <= 0) break;
    const child = fork(join(here, 'viewer-worker.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const ready = new Promise((resolve, reject) => {
      child.once('message', (message) => (message.type === 'ready' ? resolve() : reject(new Error('viewer failed'))));
      child.once('exit', (code) => reject(new Error(`viewer process exited with ${code}`)));
    });
    // Rotate the showtimes so every process covers all of them evenly.
    const rotated = showtimeIds.map((_, i) => showtimeIds[(i + p * n) % showtimeIds.length]);
    child.send({ url, count: n, showtimeIds: rotated, watch, mode });
    children.push({ child, ready });
  }
  await Promise.all(children.map((c) => c.ready));
  return {
    /** Disconnects every viewer; resolves with the merged records. */
    async stop() {
      const results = await Promise.all(
        children.map(
          ({ child }) =>
            new Promise((resolve) => {
              child.once('message', (message) => resolve(message.result));
              child.send('stop');
            }),
        ),
      );
      return {
        receipts: results.flatMap((r) => r.receipts),
        messages: results.reduce((sum, r) => sum + r.messages, 0),
        connected: results.reduce((sum, r) => sum + r.connected, 0),
      };
    },
  };
}

export function percentiles(values) {
  if (values.length === 0) return { count: 0, p50: null, p99: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
