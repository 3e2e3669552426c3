// W7: what synchronous replication costs. A primary and a streaming replica of the bench's own
// (`npm run replica`, scripts/replica/main.ts), one service on them (DATABASE_REPLICA_URLS set), and W2's
// load (distinct seats, one per hold, across 200 showtimes) twice in the same run: with the replica
// asynchronous (a commit is acknowledged once it is on the primary's disk), then synchronous
// (synchronous_standby_names: also on the replica's). Every hold is released between the two, so both
// runs hold the same free seats.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { createShowtimes, createUsers } from './api.mjs';
import { runLoad } from './jobs.mjs';
import { root, startService } from './service.mjs';
import { holdSlots } from './workloads.mjs';

/** Starts `npm run replica` and resolves with its state line once both servers are up. */
function startPair() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/replica/main.ts'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the replica pair did not start within 90 s')), 90_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith('replica ready: ')) return;
      clearTimeout(timer);
      resolve({
        ...JSON.parse(line.slice('replica ready: '.length)),
        async stop() {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
    child.once('exit', (code) => reject(new Error(`npm run replica exited with ${code} while starting`)));
  });
}

async function setSynchronous(pair, on) {
  const client = new pg.Client({ connectionString: pair.primaryUrl });
  await client.connect();
  try {
    await client.query(`ALTER SYSTEM SET synchronous_standby_names = '${on ? `"${pair.standbyName}"` : ''}'`);
    await client.query('SELECT pg_reload_conf()');
    for (let i = 0; i < 100; i++) {
      const { rows } = await client.query('SELECT sync_state FROM pg_stat_replication WHERE application_name = $1', [pair.standbyName]);
      if ((rows[0]?.sync_state === 'sync') === on) return;
      await new Promise((next) => setTimeout(next, 50));
    }
    throw new Error(`the replica did not become ${on ? 'synchronous' : 'asynchronous'}`);
  } finally {
    await client.end();
  }
}

/** W7: W2's holds with an asynchronous, then a synchronous replica; holds/s and p99 of each, same run. */
export async function replicationModes(options) {
  const pair = await startPair();
  let service;
  try {
    service = await startService({ url: pair.primaryUrl }, { DATABASE_REPLICA_URLS: pair.replicaUrl });
    const { showtimeIds, labels } = await createShowtimes(service.url, { count: 200, rows: 15, perRow: 20 });
    const users = await createUsers(service.url, 200);
    const slots = holdSlots(showtimeIds, labels, users);
    const rows = [];
    // At full load the service's CPU is the limit and the replica's extra round trip hides in the queue;
    // one connection at a time shows what it adds to each commit.
    for (const connections of [options.connections, 1]) {
      for (const synchronous of [false, true]) {
        await setSynchronous(pair, synchronous);
        const mode = synchronous ? 'synchronous replica' : 'asynchronous replica';
        const job = { scenario: 'holds', url: service.url, connections, duration: options.duration, slots };
        const holds = await runLoad(`W7 ${mode}, ${connections} conn.`, job, service.pid);
        const made = holds.made;
        delete holds.made;
        await runLoad(`W7 ${mode}`, { scenario: 'release', url: service.url, connections: options.connections, holds: made });
        rows.push({ id: 'W7', name: `holds, distinct seats, ${mode}, ${connections} connection${connections === 1 ? '' : 's'}`, ...holds });
      }
    }
    return rows;
  } finally {
    await service?.stop();
    await pair.stop();
  }
}
