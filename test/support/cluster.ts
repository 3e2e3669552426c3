// Runs the real `npm run cluster` (scripts/cluster/main.ts) for a test: nginx and N instances on a fresh
// Postgres database of the test's own, in a folder of the test's own, on a port nginx really got (read
// from the "cluster ready" line). The state file is the contract's; the test reads pids and ports there.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from './database';
import { waitFor } from './wait';

const root = resolve(__dirname, '..', '..');

export type ClusterState = {
  url: string;
  instances: { id: string; port: number; pid: number }[];
  balancer: { pid: number; port: number };
  databaseUrl: string;
};

export type TestCluster = {
  url: string;
  database: TestDatabase;
  child: ChildProcess;
  state(): ClusterState;
  /** The direct URL of one instance (bypassing nginx). */
  instanceUrl(id: string): string;
  output(): string;
  stop(): Promise<void>;
};

export const testClusterEnv = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'warn',
  JWT_SECRET: 'cluster-test-secret-long-enough',
  BCRYPT_COST: '4',
  ADMIN_EMAIL: 'admin@cluster.test',
  ADMIN_PASSWORD: 'admin-password',
};

export async function startTestCluster(options: {
  instances: number;
  redisUrl: string;
  env?: Record<string, string>;
  /** A database that does not exist yet (the cluster creates it); by default a fresh test database. */
  databaseUrl?: string;
}): Promise<TestCluster> {
  const database: TestDatabase = options.databaseUrl
    ? { url: options.databaseUrl, drop: async () => undefined }
    : await createTestDatabase();
  const folder = mkdtempSync(join(tmpdir(), 'marquee-cluster-'));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/cluster/main.ts',
      '--instances',
      String(options.instances),
      '--port',
      '0',
      '--database-url',
      database.url,
      '--redis-url',
      options.redisUrl,
      '--folder',
      folder,
    ],
    { cwd: root, env: { ...process.env, ...testClusterEnv, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const state = () => JSON.parse(readFileSync(join(folder, 'state.json'), 'utf8')) as ClusterState;
  const cleanUp = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(folder, { recursive: true, force: true });
    await database.drop();
  };
  try {
    await waitFor(
      'cluster ready',
      () => {
        if (child.exitCode !== null) throw new Error(`the cluster exited:\n${output}`);
        return /cluster ready: (\S+)/.test(output);
      },
      120_000,
    );
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const url = (/cluster ready: (\S+)/.exec(output) as RegExpExecArray)[1] as string;
  return {
    url,
    database,
    child,
    state,
    instanceUrl(id) {
      const instance = state().instances.find((entry) => entry.id === id);
      if (!instance) throw new Error(`no running instance ${id}`);
      return `http://127.0.0.1:${instance.port}`;
    },
    output: () => output,
    stop: cleanUp,
  };
}
