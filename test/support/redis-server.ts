// A redis-server of the test's own, for tests that kill Redis (the machine's shared Redis is never
// stopped). redis-server cannot report a port it picked itself (--port 0 means "no TCP"), and the service
// needs a redis:// URL. So a random port below the kernel's ephemeral range (32768 and up, where other
// tests' port-0 listeners land) is tried with a password of the test's own: redis-server exits when the
// port is taken, and the test owns the port only once PING with its password answers; otherwise another
// port is tried. `start(again)` starts it again on the same port, as an operator restarting Redis would.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { waitFor } from './wait';

export type OwnRedis = { port: number; password: string; url: string; child: ChildProcess; exited: Promise<unknown> };

/** One short-lived connection to a test's Redis, for checks; gives up at once if Redis is not there. */
export async function askRedis<T>(redis: { port: number; password: string }, question: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({
    host: '127.0.0.1',
    port: redis.port,
    password: redis.password,
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return await question(client);
  } finally {
    client.disconnect();
  }
}

export function ownRedisServers() {
  const folder = mkdtempSync(join(tmpdir(), 'marquee-redis-'));
  const children: ChildProcess[] = [];

  /** Starts redis-server on a free random port, or again where `again` ran; resolves once the test provably owns it. */
  async function start(again?: OwnRedis): Promise<OwnRedis> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const candidate = again?.port ?? 20_000 + Math.floor(Math.random() * 12_000);
      const password = again?.password ?? randomBytes(12).toString('hex');
      const child = spawn(
        '/usr/bin/redis-server',
        [
          '--port',
          String(candidate),
          '--bind',
          '127.0.0.1',
          '--requirepass',
          password,
          '--save',
          '',
          '--appendonly',
          'no',
          '--dir',
          folder,
          '--loglevel',
          'warning',
        ],
        { stdio: 'ignore' },
      );
      children.push(child);
      const exited = new Promise((done) => child.once('exit', done));
      const owned = { port: candidate, password, url: `redis://:${password}@127.0.0.1:${candidate}`, child, exited };
      let gone = false;
      void exited.then(() => (gone = true));
      try {
        await waitFor(
          `redis-server on port ${candidate}`,
          async () => {
            if (gone) return true;
            return (await askRedis(owned, (client) => client.ping()).catch(() => undefined)) === 'PONG';
          },
          10_000,
        );
      } catch {
        child.kill('SIGKILL');
      }
      if (!gone && child.exitCode === null) return owned;
      if (again) throw new Error(`redis-server could not start again on port ${again.port}`);
    }
    throw new Error('no free port for redis-server after 20 tries');
  }

  return {
    start,
    /** Kills every redis-server these started and removes their folder. */
    async stopAll() {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await Promise.all(
        children.map((child) =>
          child.exitCode !== null || child.signalCode !== null ? undefined : new Promise((done) => child.once('exit', done)),
        ),
      );
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
