// Postgres servers of the project's own on loopback (Debian's pg_createcluster), never the machine's shared
// cluster `main`: a single server (createOwnServer), or a primary with a streaming replica seeded by
// `pg_basebackup -R` (createPostgresPair). Trust authentication on loopback and a `root` role, like the
// shared server. Every cluster is named `marquee_pair_<id>_<role>` and records the pid of the process that
// made it; a later start removes those whose maker is gone (a crashed run), running or not.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);
export const VERSION = '15';
export const PREFIX = 'marquee_pair_';
const configDir = (name: string) => `/etc/postgresql/${VERSION}/${name}`;
export const dataDir = (name: string) => `/var/lib/postgresql/${VERSION}/${name}`;
const asPostgres = (command: string, args: string[]) => run('runuser', ['-u', 'postgres', '--', command, ...args]);
const pause = (ms: number) => new Promise((next) => setTimeout(next, ms));

export type PostgresServer = {
  name: string;
  port: number;
  /** A URL of a database on this server (`postgres` by default). */
  url(database?: string): string;
  /** Runs one statement as `root` on the `postgres` database and returns its rows. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  start(): Promise<void>;
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** `kill -9` of the postmaster (its pid is the first line of postmaster.pid), as a crash would. */
  kill9(): Promise<number>;
  /** Ends recovery: a replica becomes a primary that accepts writes. */
  promote(): Promise<void>;
  drop(): Promise<void>;
};

async function ctl(action: 'start' | 'stop' | 'restart' | 'promote', name: string) {
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', VERSION, name, action]);
}

function postmasterPid(name: string): number | undefined {
  const file = `${dataDir(name)}/postmaster.pid`;
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function dropCluster(name: string) {
  if (!name.startsWith(PREFIX) && !name.startsWith('marquee_t_')) throw new Error(`refusing to drop ${name}`);
  await run('pg_dropcluster', ['--stop', VERSION, name]).catch(async () => {
    // A killed postmaster leaves its backends for a moment and a stale pid file; wait for them, then drop.
    for (
      let i = 0;
      i < 100 &&
      (await run('pgrep', ['-f', `${VERSION}/${name}( |:|/|$)`]).then(
        () => true,
        () => false,
      ));
      i++
    )
      await pause(100);
    await run('pg_dropcluster', [VERSION, name]).catch(() => undefined);
  });
  // pg_dropcluster leaves nothing behind when it works; when a half-made cluster confused it, clean up.
  rmSync(configDir(name), { recursive: true, force: true });
  rmSync(dataDir(name), { recursive: true, force: true });
}

/** Drops the `marquee_pair_*` clusters whose maker process is gone (a run that crashed or was killed). */
export async function removeLeftovers(log: (line: string) => void = () => undefined) {
  const names = existsSync(`/etc/postgresql/${VERSION}`) ? readdirSync(`/etc/postgresql/${VERSION}`) : [];
  for (const name of names.filter((n) => n.startsWith(PREFIX))) {
    const ownerFile = `${configDir(name)}/marquee-owner.pid`;
    const owner = existsSync(ownerFile) ? Number(readFileSync(ownerFile, 'utf8')) : 0;
    if (owner > 0 && (owner === process.pid || alive(owner))) continue; // in use, by this run or another
    // No owner yet: another run may be creating it right now (its owner file comes a moment later).
    if (owner === 0 && Date.now() - statSync(configDir(name)).mtimeMs < 120_000) continue;
    log(`[postgres] removing ${name}, left by a run that ended without cleaning up`);
    await dropCluster(name);
  }
}

function serverOf(name: string, port: number): PostgresServer {
  const url = (database = 'postgres') => `postgresql://root@127.0.0.1:${port}/${database}`;
  return {
    name,
    port,
    url,
    async query<T>(text: string, params: unknown[] = []) {
      const client = new Client({ connectionString: url(), connectionTimeoutMillis: 5000 });
      await client.connect();
      try {
        return (await client.query(text, params)).rows as T[];
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    start: () => ctl('start', name),
    stop: () => ctl('stop', name),
    restart: () => ctl('restart', name),
    async kill9() {
      const pid = postmasterPid(name);
      if (!pid) throw new Error(`${name} has no postmaster.pid: is it running?`);
      process.kill(pid, 'SIGKILL');
      return pid;
    },
    async promote() {
      await ctl('promote', name);
    },
    drop: () => dropCluster(name),
  };
}

/** A new cluster on a free port with trust auth; unless `seedOnly`, started, with a `root` superuser. */
async function createCluster(name: string, seedOnly = false): Promise<PostgresServer> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    try {
      await run('pg_createcluster', [VERSION, name, '--port', String(port), '--', '--auth=trust']);
    } catch (error) {
      lastError = error; // the port belongs to another cluster's configuration: try another
      await dropCluster(name).catch(() => undefined);
      continue;
    }
    writeFileSync(`${configDir(name)}/marquee-owner.pid`, String(process.pid));
    const server = serverOf(name, port);
    if (seedOnly) return server; // its data folder is about to be replaced by a base backup
    try {
      await server.start();
      await asPostgres('psql', ['-h', '/var/run/postgresql', '-p', String(port), '-qc', 'CREATE ROLE root SUPERUSER LOGIN']);
      return server;
    } catch (error) {
      lastError = error;
      await dropCluster(name).catch(() => undefined);
    }
  }
  throw new Error(`could not create the Postgres cluster ${name}: ${String(lastError)}`);
}

/** One Postgres server of the caller's own. */
export async function createOwnServer(label = 'single'): Promise<PostgresServer> {
  await removeLeftovers();
  return createCluster(`${PREFIX}${randomBytes(4).toString('hex')}_${label}`);
}

export type PostgresPair = {
  primary: PostgresServer;
  replica: PostgresServer;
  /** The replica's name as the primary sees it (its application_name, Debian's cluster_name). */
  standbyName: string;
  /** On: a commit is acknowledged only once the replica has it (synchronous_standby_names). Off: at once. */
  setSynchronous(on: boolean): Promise<void>;
  /** The replica replays WAL this long after the primary committed it (recovery_min_apply_delay). */
  setApplyDelay(ms: number): Promise<void>;
  /** Until the replica has replayed everything the primary has written so far. */
  waitForReplay(timeoutMs?: number): Promise<void>;
  drop(): Promise<void>;
};

/** A primary and a streaming replica of it (pg_basebackup -R -X stream), both started. ~6 s. */
export async function createPostgresPair(options: { synchronous?: boolean; log?: (line: string) => void } = {}): Promise<PostgresPair> {
  const log = options.log ?? (() => undefined);
  await removeLeftovers(log);
  const id = randomBytes(4).toString('hex');
  const [primary, replica] = await Promise.allSettled([
    createCluster(`${PREFIX}${id}_primary`),
    createCluster(`${PREFIX}${id}_replica`, true),
  ]).then(async (made) => {
    if (made[0].status === 'fulfilled' && made[1].status === 'fulfilled') return [made[0].value, made[1].value] as const;
    for (const one of made) if (one.status === 'fulfilled') await one.value.drop().catch(() => undefined);
    throw made.find((one) => one.status === 'rejected')?.reason;
  });
  try {
    // pg_basebackup wants an empty data folder; the folder itself stays (postgres owns it, mode 0700).
    for (const entry of readdirSync(dataDir(replica.name))) rmSync(`${dataDir(replica.name)}/${entry}`, { recursive: true, force: true });
    await asPostgres('pg_basebackup', [
      '-h',
      '/var/run/postgresql',
      '-p',
      String(primary.port),
      '-D',
      dataDir(replica.name),
      '-R',
      '-X',
      'stream',
    ]);
    await replica.start();
  } catch (error) {
    await replica.drop().catch(() => undefined);
    await primary.drop().catch(() => undefined);
    throw error;
  }
  const standby = replica;
  const standbyName = `${VERSION}/${standby.name}`;
  const pair: PostgresPair = {
    primary,
    replica: standby,
    standbyName,
    async setSynchronous(on) {
      await primary.query(`ALTER SYSTEM SET synchronous_standby_names = '${on ? `"${standbyName}"` : ''}'`);
      await primary.query('SELECT pg_reload_conf()');
      // The setting takes effect when the server has re-read its files: wait until it says so.
      for (let i = 0; i < 100; i++) {
        const [row] = await primary.query<{ sync_state: string }>(
          'SELECT sync_state FROM pg_stat_replication WHERE application_name = $1',
          [standbyName],
        );
        if ((row?.sync_state === 'sync') === on) return;
        await pause(50);
      }
      throw new Error(`the replica did not become ${on ? 'synchronous' : 'asynchronous'}`);
    },
    async setApplyDelay(ms) {
      await standby.query(`ALTER SYSTEM SET recovery_min_apply_delay = '${Math.round(ms)}ms'`);
      await standby.query('SELECT pg_reload_conf()');
    },
    async waitForReplay(timeoutMs = 20_000) {
      const [head] = await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
      const lsn = head?.lsn ?? '0/0';
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const [row] = await standby.query<{ done: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [lsn]);
        if (row?.done) return;
        await pause(50);
      }
      throw new Error(`the replica did not replay up to ${lsn} within ${timeoutMs} ms`);
    },
    async drop() {
      await Promise.all([standby.drop(), primary.drop()]);
    },
  };
  await waitForStreaming(primary, standbyName);
  if (options.synchronous) await pair.setSynchronous(true);
  return pair;
}

async function waitForStreaming(primary: PostgresServer, standbyName: string) {
  for (let i = 0; i < 200; i++) {
    const [row] = await primary.query<{ state: string }>('SELECT state FROM pg_stat_replication WHERE application_name = $1', [
      standbyName,
    ]);
    if (row?.state === 'streaming') return;
    await pause(50);
  }
  throw new Error('the replica never started streaming from the primary');
}
