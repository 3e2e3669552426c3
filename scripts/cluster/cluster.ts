// A Marquee cluster on loopback: N instances on one Postgres database and one Redis, behind nginx.
// Start: create the database if missing, start the instances (they take turns on migrations and the seed
// through an advisory lock), start nginx in front of them, wait until every instance has answered through
// nginx, write the state file. nginx reaches each instance on a unix socket in the cluster's folder named
// after it; an instance that dies is started again on the same socket, so nginx never needs a new address
// or a reload (a reload closes idle client connections, which races clients reusing them). Each instance
// also listens on a TCP port of its own (port 0) for direct reads; the state file follows those.
// Stop: nginx, then every instance gracefully.
import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { startBalancer, type Balancer } from './balancer';
import { startInstance, stopProcess, type RunningInstance } from './instances';
import { createPostgresPair, type PostgresPair } from '../replica/postgres-pair';

export type ClusterOptions = {
  instances: number;
  port: number;
  databaseUrl: string;
  redisUrl: string;
  /** A Postgres primary and streaming replica of the cluster's own instead of databaseUrl (docs/replication.md). */
  replica?: boolean;
  /** Where the state file and nginx's files go (.cluster by default). */
  folder: string;
  print: (line: string) => void;
};

export type ClusterState = {
  url: string;
  instances: { id: string; port: number; pid: number }[];
  balancer: { pid: number; port: number };
  databaseUrl: string;
  replicaUrl?: string;
};

/** Creates the cluster's database when it does not exist yet (connecting to the server's `postgres` database). */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  if (!/^[A-Za-z0-9_]{1,63}$/.test(name)) throw new Error(`the database name must be letters, digits and _: ${name}`);
  const server = new URL(databaseUrl);
  server.pathname = '/postgres';
  const client = new Client({ connectionString: server.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE "${name}"`).catch((error: { code?: string }) => {
      if (error.code !== '42P04') throw error; // created meanwhile by someone else: fine
    });
    return true;
  } finally {
    await client.end();
  }
}

export async function startCluster(options: ClusterOptions) {
  const { print } = options;
  mkdirSync(options.folder, { recursive: true });
  chmodSync(options.folder, 0o755); // nginx's workers (not root) must reach the instances' sockets in it
  const stateFile = join(options.folder, 'state.json');
  let pair: PostgresPair | undefined;
  let databaseUrl = options.databaseUrl;
  let replicaUrl: string | undefined;
  if (options.replica) {
    print("[cluster] starting a Postgres primary and a streaming replica of the cluster's own");
    pair = await createPostgresPair({ log: print });
    databaseUrl = pair.primary.url('marquee_cluster');
    replicaUrl = pair.replica.url('marquee_cluster');
    print(`[cluster] primary on port ${pair.primary.port}, replica on port ${pair.replica.port}`);
  }
  try {
    if (await ensureDatabase(databaseUrl)) print(`[cluster] created database ${new URL(databaseUrl).pathname.slice(1)}`);
    await pair?.waitForReplay();
  } catch (error) {
    await pair?.drop();
    throw error;
  }

  // Every Marquee setting of this process's environment applies to all instances; these are the cluster's.
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    ...(replicaUrl ? { DATABASE_REPLICA_URLS: replicaUrl } : {}),
    REDIS_URL: options.redisUrl,
    TRUST_PROXY: '1',
  };
  const ids = Array.from({ length: options.instances }, (_, i) => `marquee-${i + 1}`);
  const instances = new Map<string, RunningInstance>();
  const socketOf = (id: string) => join(options.folder, `${id}.sock`);
  let balancer: Balancer | undefined;
  let stopping = false;

  function writeState() {
    if (!balancer) return;
    const state: ClusterState = {
      url: `http://127.0.0.1:${balancer.port}`,
      instances: ids.flatMap((id) => {
        const instance = instances.get(id);
        return instance ? [{ id, port: instance.port, pid: instance.pid }] : [];
      }),
      balancer: { pid: balancer.pid, port: balancer.port },
      databaseUrl,
      ...(replicaUrl ? { replicaUrl } : {}),
    };
    writeFileSync(`${stateFile}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
    renameSync(`${stateFile}.tmp`, stateFile); // readers never see half a file
    return state;
  }

  /** Starts (or restarts) one instance and keeps it running until the cluster stops. */
  async function run(id: string, restartDelayMs = 0): Promise<void> {
    if (restartDelayMs > 0) await new Promise((next) => setTimeout(next, restartDelayMs));
    if (stopping) return;
    const started = Date.now();
    const instance = await startInstance(id, { ...env, UNIX_SOCKET_PATH: socketOf(id) }, print);
    instances.set(id, instance);
    instance.child.once('exit', (code, signal) => {
      instances.delete(id);
      if (stopping) return;
      print(`[cluster] ${id} exited (${signal ?? `code ${code}`}); starting it again`);
      // One that crashes right after starting waits longer before the next try, up to 5 s.
      const delay = Date.now() - started < 5000 ? Math.min(Math.max(restartDelayMs * 2, 500), 5000) : 0;
      run(id, delay).then(
        () => {
          writeState();
          print(`[cluster] ${id} is back on port ${instances.get(id)?.port}`);
        },
        (error: Error) => print(`[cluster] ${id} could not be started again: ${error.message}`),
      );
    });
  }

  async function stop() {
    if (stopping) return;
    stopping = true;
    await balancer?.stop();
    await Promise.all([...instances.values()].map((instance) => stopProcess(instance.child)));
    await pair?.drop();
    rmSync(stateFile, { force: true });
  }

  try {
    await Promise.all(ids.map((id) => run(id)));
    balancer = await startBalancer({ folder: options.folder, port: options.port, upstreams: ids.map(socketOf) });
    const url = `http://127.0.0.1:${balancer.port}`;
    await waitUntilEveryInstanceAnswers(url, ids);
    const state = writeState() as ClusterState;
    return { url, state, stateFile, stop, instances: () => writeState() as ClusterState };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Round robin reaches every instance within a few requests; bounded in count and time. */
async function waitUntilEveryInstanceAnswers(url: string, ids: string[]) {
  const seen = new Set<string>();
  const deadline = Date.now() + 30_000;
  while (seen.size < ids.length && Date.now() < deadline) {
    const answer = await fetch(`${url}/healthz`).catch(() => undefined);
    const instance = answer?.ok ? ((await answer.json()) as { instance?: string }).instance : undefined;
    if (instance) seen.add(instance);
    else await new Promise((next) => setTimeout(next, 100));
  }
  const missing = ids.filter((id) => !seen.has(id));
  if (missing.length > 0) throw new Error(`these instances never answered through nginx: ${missing.join(', ')}`);
}
