// Kill the real service with SIGKILL while holds are open; start it again after their deadline: every
// overdue hold is released before the first request is served, and confirmed bookings are all there.
import { once } from 'node:events';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { call } from '../support/http';
import { spawnService } from '../support/spawn';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const env = () => ({
  DATABASE_URL: database.url,
  HOLD_TTL_SECONDS: '1.5',
  HOLD_SWEEP_INTERVAL_MS: '60000', // only the start-up release may do the work
  BCRYPT_COST: '4',
  JWT_SECRET: 'crash-test-secret-long-enough',
  ADMIN_EMAIL: 'admin@crash.test',
  ADMIN_PASSWORD: 'admin-password',
  RATE_LIMIT_ENABLED: 'false',
});

it('when the service is killed with holds open and restarted after their deadline, then they are released before serving', async () => {
  const first = await spawnService(env());
  const admin = (await call(first.url, 'POST', '/api/auth/login', { body: { email: 'admin@crash.test', password: 'admin-password' } })).body
    .token;
  const movie = (
    await call(first.url, 'POST', '/api/movies', { token: admin, body: { title: 'Crash', durationMinutes: 90, rating: 'PG' } })
  ).body.movie;
  const room = (
    await call(first.url, 'POST', '/api/auditoriums', {
      token: admin,
      body: { name: 'Crash room', sections: [{ name: 'S', priceCents: 900 }], rows: [{ label: 'A', seats: 8, section: 'S' }] },
    })
  ).body.auditorium;
  const startsAt = new Date(Date.now() + 86_400_000).toISOString();
  const showtime = (
    await call(first.url, 'POST', '/api/showtimes', { token: admin, body: { movieId: movie.id, auditoriumId: room.id, startsAt } })
  ).body.showtime;
  const user = (await call(first.url, 'POST', '/api/auth/register', { body: { email: 'c@crash.test', password: 'password-1', name: 'C' } }))
    .body.token;

  const holds = [];
  for (const seats of [['A1'], ['A2', 'A3'], ['A4'], ['A5']]) {
    holds.push((await call(first.url, 'POST', `/api/showtimes/${showtime.id}/holds`, { token: user, body: { seats } })).body.hold);
  }
  const bought = await call(first.url, 'POST', `/api/holds/${holds[3].id}/purchase`, {
    token: user,
    body: {},
    headers: { 'idempotency-key': 'k' },
  });
  expect(bought.status).toBe(201);

  first.child.kill('SIGKILL');
  await once(first.child, 'exit');
  const latestDeadline = Math.max(...holds.map((h) => new Date(h.expiresAt).getTime()));
  await new Promise((r) => setTimeout(r, Math.max(0, latestDeadline - Date.now() + 100)));

  const second = await spawnService(env());
  try {
    // /healthz answered in spawnService; the seat map is the first real request.
    const map = (await call(second.url, 'GET', `/api/showtimes/${showtime.id}/seats`)).body;
    const notFree = map.seats.filter((s: { status: string }) => s.status !== 'available');
    expect(notFree.map((s: { label: string; status: string }) => [s.label, s.status])).toEqual([['A5', 'sold']]);
    for (const hold of holds.slice(0, 3)) {
      expect((await call(second.url, 'GET', `/api/holds/${hold.id}`, { token: user })).body.hold.status).toBe('expired');
    }
    const bookings = (await call(second.url, 'GET', '/api/bookings', { token: user })).body.bookings;
    expect(bookings).toEqual([bought.body.booking]);
  } finally {
    second.child.kill('SIGTERM');
    await once(second.child, 'exit');
  }
});
