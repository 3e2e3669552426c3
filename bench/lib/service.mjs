// Starts the real service (node dist/main.js) as a child process on its own fresh database: a SQLite
// file in a temp dir, or a new Postgres database that stop() drops. Rate limits are switched off.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import net from 'node:net';
import pg from 'pg';

export const root = resolve(import.meta.dirname, '..', '..');
export const admin = { email: 'bench-admin@marquee.test', password: 'bench-admin-password' };
const postgresServer = process.env.BENCH_POSTGRES_URL ?? 'postgresql://root@127.0.0.1:5432';

/** The settings every bench service runs with; the report prints them. */
export const benchSettings = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  RATE_LIMIT_ENABLED: 'false',
  // The load comes from one address and a few accounts: the per-IP socket cap and the cross-showtime
  // seat cap would measure themselves, not the service.
  SOCKET_MAX_CONNECTIONS_PER_IP: '100000',
  MAX_SEATS_PER_USER_TOTAL: '1000',
  // In production /metrics is off the public port unless a token guards it; the bench reads it with this.
  METRICS_TOKEN: 'bench-only-metrics-token-0123456789',
  BCRYPT_COST: '4',
  JWT_SECRET: 'bench-only-secret-0123456789abcdef',
  HOST: '127.0.0.1',
};

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** A fresh, empty database for one workload: { url, drop() }. */
export async function createDatabase(kind, name) {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'marquee-bench-'));
    return { kind, url: `file:${join(dir, 'bench.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const database = `marquee_bench_${name}_${process.pid}_${Date.now()}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const client = new pg.Client({ connectionString: `${postgresServer}/postgres` });
  await client.connect();
  await client.query(`CREATE DATABASE "${database}"`);
  await client.end();
  return {
    kind,
    url: `${postgresServer}/${database}`,
    drop: async () => {
      const c = new pg.Client({ connectionString: `${postgresServer}/postgres` });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Starts dist/main.js on `database` with `env` on top of the bench settings; resolves once /readyz answers. */
export async function startService(database, env = {}) {
  const port = await freePort();
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", goes to the service's node for profiling.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'dist', 'main.js')], {
    cwd: root,
    env: {
      ...process.env,
      ...benchSettings,
      DATABASE_URL: database.url,
      PORT: String(port),
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  let stopping = false;
  const exited = new Promise((resolveExit) =>
    child.once('exit', (code, signal) => {
      if (!stopping) console.error(`    the service exited on its own: code ${code}, signal ${signal}`);
      resolveExit({ code, signal });
    }),
  );
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with code ${child.exitCode} while starting`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the service did not become ready within 120 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid,
    async stop() {
      stopping = true;
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
