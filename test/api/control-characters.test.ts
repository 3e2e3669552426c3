// NUL and other control characters, wherever a client can put a string: path ids, query parameters, body
// fields and field names, socket payloads. Postgres cannot store or compare a NUL byte, so before the
// validation layer refused them these answered 500 on Postgres (and 404/201 on SQLite). Every one must be
// a 400 VALIDATION_FAILED in the contract's shape, naming the field, with nothing written.
import { startTestServer } from '../support/app';
import { expectContractError } from '../support/contract';
import { createAdmin, createShowtime, registerUser, type TestUser } from '../support/factories';
import { connect } from '../realtime/socket-client';

type Server = Awaited<ReturnType<typeof startTestServer>>;
let server: Server;
let admin: TestUser;
let customer: TestUser;
let showtimeId: string;
beforeAll(async () => {
  server = await startTestServer();
  admin = await createAdmin(server.context, server.request);
  customer = await registerUser(server.request);
  showtimeId = (await createShowtime(server.context)).id;
});
afterAll(() => server.close());

async function countRows() {
  const { db } = server.context;
  return Promise.all([
    db.user.count(),
    db.movie.count(),
    db.hold.count(),
    db.seatClaim.count(),
    db.waitlistEntry.count(),
    db.auditorium.count(),
  ]);
}

describe('control characters in input', () => {
  it('when a path id or a query parameter holds NUL, then 400 VALIDATION_FAILED naming it', async () => {
    const { request } = server;
    const cases: [() => ReturnType<typeof request.get>, string][] = [
      [() => request.get('/api/showtimes/%00'), 'params.id'],
      [() => request.get('/api/showtimes/a%00b/seats'), 'params.id'],
      [() => request.get('/api/showtimes?movieId=%00'), 'query.movieId'],
      [() => request.get('/api/showtimes/%00/waitlist/log').set(customer.auth), 'params.id'],
      [() => request.get('/api/holds/%00').set(customer.auth), 'params.id'],
      [() => request.delete('/api/holds/%00').set(customer.auth), 'params.id'],
      [() => request.post('/api/holds/%00/purchase').set(customer.auth).set('Idempotency-Key', 'k'), 'params.id'],
      [() => request.get('/api/bookings/%00').set(customer.auth), 'params.id'],
      [() => request.get('/api/waitlist/%07').set(customer.auth), 'params.id'],
      [() => request.get(`/api/admin/showtimes/${showtimeId}%1b/audit`).set(admin.auth), 'params.id'],
    ];
    for (const [send, field] of cases) {
      const res = await send();
      expectContractError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.error.details.field).toBe(field);
    }
  });

  it('when a body field or a field name holds a control character, then 400 and nothing is written', async () => {
    const before = await countRows();
    const { request } = server;
    const cases: [ReturnType<typeof request.post>, string][] = [
      [request.post('/api/auth/register').send({ email: 'nul@example.test', password: 'password-1', name: 'A\u0000B' }), 'body.name'],
      [request.post('/api/auth/login').send({ email: 'nul@example.test', password: 'pass\u0000word' }), 'body.password'],
      [request.post('/api/movies').set(admin.auth).send({ title: 'T\u0001', durationMinutes: 90, rating: 'PG' }), 'body.title'],
      [
        request
          .post(`/api/showtimes/${showtimeId}/holds`)
          .set(customer.auth)
          .send({ seats: ['A1', 'A2\u0000'] }),
        'body.seats.1',
      ],
      [request.post(`/api/showtimes/${showtimeId}/waitlist`).set(customer.auth).send({ partySize: 1, 'x\u0000': 1 }), 'body'],
    ];
    for (const [send, field] of cases) {
      const res = await send;
      expectContractError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.error.details.field).toBe(field);
    }
    expect(await countRows()).toEqual(before);
  });

  it('when a description has line breaks and tabs, then it is accepted: only characters that make no sense are refused', async () => {
    const res = await server.request
      .post('/api/movies')
      .set(admin.auth)
      .send({ title: 'Lines', durationMinutes: 90, rating: 'PG', description: 'One.\nTwo.\tThree.\r\n' });
    expect(res.status).toBe(201);
  });

  it('when a body is nested thousands deep, then 400 naming the depth, not a crash', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const res = await server.request
      .post('/api/auth/register')
      .set('Content-Type', 'application/json')
      .send(`{"email":"d@example.test","password":"password-1","name":${deep}}`);
    expectContractError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.error.message).toMatch(/nested too deeply/);
  });

  it('when a socket joins a showtime id holding NUL, then the ack is VALIDATION_FAILED and the socket still works', async () => {
    const socket = await connect(server.url);
    try {
      const bad = await socket.join('abc\u0000def');
      expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      const good = await socket.join(showtimeId);
      expect(good.ok).toBe(true);
    } finally {
      socket.close();
    }
  });
});
