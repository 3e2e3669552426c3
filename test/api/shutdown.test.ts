import { connect } from 'node:net';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { spawnService } from '../support/spawn';

// The real entry point in its own process, as `npm start` runs it, so SIGTERM handling is what is tested.
// It listens on port 0 and reports the port it got (test/support/spawn.ts), so no other test's server
// can ever be the one this test talks to.
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

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

describe('graceful shutdown', () => {
  it('when the server gets SIGTERM, then it exits with code 0 and the port stops accepting', async () => {
    const service = await spawnService({ DATABASE_URL: database.url, RATE_LIMIT_ENABLED: 'false' });
    const { child, url, port } = service;
    try {
      // fetch keeps this connection alive afterwards: an idle keep-alive socket must not hold shutdown up.
      const movies = await fetch(`${url}/api/movies`);
      expect(movies.status).toBe(200);
      expect(await movies.json()).toEqual({ movies: [] });

      child.kill('SIGTERM');
      expect(await service.exited).toEqual({ code: 0, signal: null });
      // Nothing at warn or worse: the log holds only info lines (level 30).
      const levels = service
        .output()
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { level: number }).level);
      expect(levels.filter((level) => level > 30)).toEqual([]);
      expect(await accepts(port)).toBe(false);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
