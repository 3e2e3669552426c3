// A Postgres server of the test's own (Debian's pg_createcluster), for tests that restart or kill the
// database: the machine's shared server on 5432 is never stopped. Trust authentication on loopback and a
// `root` role, like the shared server. The port is a random one below the ephemeral range; a port that
// turns out to be taken makes the start fail loudly, and another is tried. Removed by drop().
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);
const VERSION = '15';

export type OwnPostgres = {
  name: string;
  port: number;
  /** A URL of a database on this server (`postgres` by default). */
  url(database?: string): string;
  restart(): Promise<void>;
  drop(): Promise<void>;
};

async function ctl(action: 'start' | 'stop' | 'restart', name: string) {
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', VERSION, name, action]);
}

export async function createOwnPostgres(): Promise<OwnPostgres> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const name = `marquee_t_${randomBytes(4).toString('hex')}`;
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    try {
      await run('pg_createcluster', [VERSION, name, '--port', String(port), '--', '--auth=trust']);
    } catch (error) {
      lastError = error; // the port belongs to another cluster's configuration: try another
      continue;
    }
    try {
      await ctl('start', name);
      await run('runuser', ['-u', 'postgres', '--', 'psql', '-h', '/var/run/postgresql', '-p', String(port), '-qc', 'CREATE ROLE root SUPERUSER LOGIN']);
    } catch (error) {
      lastError = error;
      await run('pg_dropcluster', ['--stop', VERSION, name]).catch(() => undefined);
      continue;
    }
    return {
      name,
      port,
      url: (database = 'postgres') => `postgresql://root@127.0.0.1:${port}/${database}`,
      restart: () => ctl('restart', name),
      drop: async () => {
        await run('pg_dropcluster', ['--stop', VERSION, name]);
      },
    };
  }
  throw new Error(`could not create a Postgres server of the test's own: ${String(lastError)}`);
}
