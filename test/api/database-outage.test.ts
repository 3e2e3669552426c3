// A database that goes away (a Postgres restart, a lost network path) must give clients 503
// SERVICE_UNAVAILABLE with Retry-After, never 500, and the service must recover by itself when the
// database is back. The service reaches Postgres through a TCP proxy the test cuts and restores.
// Postgres only: SQLite is a file inside the process, with no connection to lose.
import { loadConfig } from '../../src/config';
import { startServer } from '../../src/server';
import { testEnv } from '../support/app';
import { expectContractError } from '../support/contract';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTcpProxy } from '../support/tcp-proxy';
import supertest from 'supertest';
import { connect } from '../realtime/socket-client';

const onPostgres = process.env.DATABASE_URL?.startsWith('postgres') ?? false;
const describeOnPostgres = onPostgres ? describe : describe.skip;

describeOnPostgres('database outage (Postgres)', () => {
  let database: TestDatabase;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let running: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    database = await createTestDatabase();
    const direct = new URL(database.url);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const viaProxy = new URL(database.url);
    viaProxy.port = String(proxy.port);
    const config = loadConfig({
      ...testEnv,
      DATABASE_URL: viaProxy.toString(),
      CACHE_ENABLED: 'false', // every read must reach the database, or the outage would be hidden
      ADMIN_EMAIL: 'admin@outage.test',
      ADMIN_PASSWORD: 'admin-password',
    });
    running = await startServer(config);
  });
  afterAll(async () => {
    await running?.stop();
    await proxy?.close();
    await database?.drop();
  });

  it('when the database drops and refuses connections, then every answer is 503 with Retry-After, and the service recovers alone', async () => {
    const request = supertest(running.url);
    const admin = (await request.post('/api/auth/login').send({ email: 'admin@outage.test', password: 'admin-password' })).body.token;
    const auth = { Authorization: `Bearer ${admin}` };
    const movie = (await request.post('/api/movies').set(auth).send({ title: 'Outage', durationMinutes: 90, rating: 'PG' })).body.movie;
    const room = (
      await request
        .post('/api/auditoriums')
        .set(auth)
        .send({ name: 'Outage room', sections: [{ name: 'S', priceCents: 900 }], rows: [{ label: 'A', seats: 40, section: 'S' }] })
    ).body.auditorium;
    const startsAt = new Date(Date.now() + 86_400_000).toISOString();
    const showtime = (await request.post('/api/showtimes').set(auth).send({ movieId: movie.id, auditoriumId: room.id, startsAt })).body
      .showtime;
    const customer = (await request.post('/api/auth/register').send({ email: 'c@outage.test', password: 'password-1', name: 'C' })).body
      .token;
    const customerAuth = { Authorization: `Bearer ${customer}` };
    expect(
      (
        await request
          .post(`/api/showtimes/${showtime.id}/holds`)
          .set(customerAuth)
          .send({ seats: ['A1'] })
      ).status,
    ).toBe(201);

    const viewer = await connect(running.url);
    proxy.cut();
    // A socket asking for a seat map meanwhile is told the same, not INTERNAL.
    try {
      expect(await viewer.join(showtime.id)).toMatchObject({ ok: false, error: { code: 'SERVICE_UNAVAILABLE' } });
    } finally {
      viewer.close();
    }
    const during: number[] = [];
    for (let i = 0; i < 20; i++) {
      const answers = [
        await request
          .post(`/api/showtimes/${showtime.id}/holds`)
          .set(customerAuth)
          .send({ seats: [`A${i + 2}`] }),
        await request.get(`/api/showtimes/${showtime.id}/seats`),
        await request.get('/api/movies'),
        await request.get('/api/holds').set(customerAuth),
      ];
      for (const answer of answers) {
        during.push(answer.status);
        expectContractError(answer, 503, 'SERVICE_UNAVAILABLE');
        expect(answer.headers['retry-after']).toBe('2');
      }
    }
    expect(during).toHaveLength(80);
    expect((await request.get('/readyz')).status).toBe(503);
    expect((await request.get('/healthz')).status).toBe(200);

    proxy.restore();
    // The pool makes new connections on its own; poll (bounded) until a hold goes through.
    let recovered = 0;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const answer = await request
        .post(`/api/showtimes/${showtime.id}/holds`)
        .set(customerAuth)
        .send({ seats: ['A30'] });
      expect([201, 503]).toContain(answer.status);
      if (answer.status === 201) {
        recovered = 201;
        break;
      }
      await new Promise((next) => setTimeout(next, 100));
    }
    expect(recovered).toBe(201);
    expect((await request.get('/readyz')).status).toBe(200);
    // Nothing from the outage was half-written: exactly the two holds that were acknowledged exist.
    const seats = (await request.get(`/api/showtimes/${showtime.id}/seats`)).body.seats;
    expect(
      seats
        .filter((seat: { status: string }) => seat.status !== 'available')
        .map((seat: { label: string }) => seat.label)
        .sort(),
    ).toEqual(['A1', 'A30']);
  });
});
