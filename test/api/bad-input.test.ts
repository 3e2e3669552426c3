import { createTestApp, type TestApp } from '../support/app';
import { expectContractError } from '../support/contract';
import { createAdmin, type TestUser } from '../support/factories';

// A small body limit, so "too large" needs only a few kilobytes.
let t: TestApp;
let admin: TestUser;
beforeAll(async () => {
  t = await createTestApp({ BODY_LIMIT: '2kb' });
  admin = await createAdmin(t.context, t.request);
});
afterAll(() => t.close());

async function countWrites() {
  const { db } = t.context;
  return { users: await db.user.count(), movies: await db.movie.count() };
}

const sendRaw = (path: string, body: string, type = 'application/json') => t.request.post(path).set('Content-Type', type).send(body);

describe('bad input', () => {
  it('when the JSON is malformed, then 400 VALIDATION_FAILED naming the body, and nothing is written', async () => {
    const before = await countWrites();
    for (const body of ['{"email": "a@b.test",', '{email: 1}', 'null', '"a string"', '{"a":1}}']) {
      const res = await sendRaw('/api/auth/register', body);
      expectContractError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.error.details.field).toBe('body');
    }
    const asAdmin = await t.request.post('/api/movies').set(admin.auth).set('Content-Type', 'application/json').send('{"title":');
    expectContractError(asAdmin, 400, 'VALIDATION_FAILED');
    expect(await countWrites()).toEqual(before);
  });

  it('when fields have the wrong types, then 400 names the field, and nothing is written', async () => {
    const before = await countWrites();
    const cases: [object, string][] = [
      [{ email: 42, password: 'password-1', name: 'N' }, 'body.email'],
      [{ email: 'x@example.test', password: ['password-1'], name: 'N' }, 'body.password'],
      [{ email: 'x@example.test', password: 'password-1', name: { first: 'N' } }, 'body.name'],
      [{ email: 'not-an-email', password: 'password-1', name: 'N' }, 'body.email'],
      [[{ email: 'x@example.test', password: 'password-1', name: 'N' }], 'body'],
    ];
    for (const [body, field] of cases) {
      const res = await t.request.post('/api/auth/register').send(body);
      expectContractError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.error.details.field).toBe(field);
    }
    const movie = await t.request.post('/api/movies').set(admin.auth).send({ title: 'T', durationMinutes: 'long', rating: 'PG' });
    expectContractError(movie, 400, 'VALIDATION_FAILED');
    expect(movie.body.error.details.field).toBe('body.durationMinutes');
    expect(await countWrites()).toEqual(before);
  });

  it('when the body has unknown fields (including __proto__), then 400 and nothing is written', async () => {
    const before = await countWrites();
    const valid = { email: 'extra@example.test', password: 'password-1', name: 'Extra' };
    const extra = await t.request.post('/api/auth/register').send({ ...valid, isAdmin: true });
    expectContractError(extra, 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(extra.body.error.details)).toContain('isAdmin');
    const proto = await sendRaw(
      '/api/auth/register',
      `{"email":"extra@example.test","password":"password-1","name":"E","__proto__":{"role":"admin"}}`,
    );
    expectContractError(proto, 400, 'VALIDATION_FAILED');
    expect(await countWrites()).toEqual(before);
  });

  it('when a body comes with a type the API does not read, then 400 rather than a guess', async () => {
    const before = await countWrites();
    const res = await sendRaw('/api/auth/register', 'email=a@b.test&password=password-1&name=A', 'application/x-www-form-urlencoded');
    expectContractError(res, 400, 'VALIDATION_FAILED');
    expect(await countWrites()).toEqual(before);
  });

  it('when the body is over BODY_LIMIT, then 413 PAYLOAD_TOO_LARGE and nothing is written', async () => {
    const before = await countWrites();
    const big = { email: 'big@example.test', password: 'password-1', name: 'x'.repeat(3000) };
    expectContractError(await t.request.post('/api/auth/register').send(big), 413, 'PAYLOAD_TOO_LARGE');
    const bigMovie = { title: 'Big', durationMinutes: 90, rating: 'PG', description: 'y'.repeat(3000) };
    expectContractError(await t.request.post('/api/movies').set(admin.auth).send(bigMovie), 413, 'PAYLOAD_TOO_LARGE');
    expect(await countWrites()).toEqual(before);
  });

  it('when no API route matches the path or method, then 404 NOT_FOUND in the contract shape', async () => {
    expectContractError(await t.request.get('/api/nope'), 404, 'NOT_FOUND');
    expectContractError(await t.request.post('/api/nope').send({ a: 1 }), 404, 'NOT_FOUND');
    expectContractError(await t.request.delete('/api/movies'), 404, 'NOT_FOUND');
    expectContractError(await t.request.put('/api/showtimes').send({}), 404, 'NOT_FOUND');
    expectContractError(await t.request.get('/api'), 404, 'NOT_FOUND');
  });

  it('when the database fails under a request, then 500 INTERNAL with no stack trace or SQL', async () => {
    const broken = await createTestApp();
    try {
      // A table that has gone away is a real database error, raised deep inside Prisma.
      await broken.context.db.$executeRawUnsafe('ALTER TABLE "Movie" RENAME TO "MovieGone"');
      const res = await broken.request.get('/api/movies');
      expectContractError(res, 500, 'INTERNAL');
      expect(res.body.error.details).toEqual({});
    } finally {
      await broken.close();
    }
  });
});
