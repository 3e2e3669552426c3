import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database';

// The real entry point in its own process, as `npm start` runs it, so SIGTERM handling is what is tested.
const projectRoot = resolve(__dirname, '..', '..');
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
    probe.on('error', fail);
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

async function waitUntilHealthy(url: string, child: ChildProcess) {
  // Starting tsx and applying migrations takes a few seconds on a busy machine; poll, never assume.
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) throw new Error(`the server exited early with code ${child.exitCode}`);
    const answer = await fetch(`${url}/healthz`).catch(() => undefined);
    if (answer?.ok) return;
    await new Promise((next) => setTimeout(next, 100));
  }
  throw new Error('the server never answered /healthz');
}

describe('graceful shutdown', () => {
  it('when the server gets SIGTERM, then it exits with code 0 and the port stops accepting', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let stderr = '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: projectRoot,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: database.url,
        LOG_LEVEL: 'silent',
        RATE_LIMIT_ENABLED: 'false',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.once('exit', (code, signal) => done({ code, signal })));
    try {
      await waitUntilHealthy(url, child);
      // fetch keeps this connection alive afterwards: an idle keep-alive socket must not hold shutdown up.
      const movies = await fetch(`${url}/api/movies`);
      expect(movies.status).toBe(200);
      expect(await movies.json()).toEqual({ movies: [] });

      child.kill('SIGTERM');
      expect(await exited).toEqual({ code: 0, signal: null });
      expect(stderr).toBe('');
      expect(await accepts(port)).toBe(false);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
