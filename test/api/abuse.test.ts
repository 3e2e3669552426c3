import { z } from 'zod';
import { createTestApp, type TestApp } from '../support/app';
import { createAdmin, createShowtime, gridLayout, registerUser, type TestUser } from '../support/factories';
import * as authSchemas from '../../src/modules/auth/auth.schemas';
import * as catalogSchemas from '../../src/modules/catalog/catalog.schemas';
import * as holdsSchemas from '../../src/modules/holds/holds.schemas';
import * as httpSchemas from '../../src/http/schemas';

// Inputs built to cost the server memory, CPU or database space: every one must be refused before any
// work is done, with the contract's code, and leave nothing behind.
let t: TestApp;
let admin: TestUser;
let customer: TestUser;
beforeAll(async () => {
  t = await createTestApp({
    BODY_LIMIT: '4kb',
    MAX_SEATS_PER_HOLD: '10',
    CORS_ORIGINS: 'https://box-office.example, https://kiosk.example',
  });
  admin = await createAdmin(t.context, t.request);
  customer = await registerUser(t.request);
});
afterAll(() => t.close());

async function countRows() {
  const { db } = t.context;
  const [users, movies, auditoriums, seats, showtimes, holds, claims] = await Promise.all([
    db.user.count(),
    db.movie.count(),
    db.auditorium.count(),
    db.seat.count(),
    db.showtime.count(),
    db.hold.count(),
    db.seatClaim.count(),
  ]);
  return { users, movies, auditoriums, seats, showtimes, holds, claims };
}

const long = (length: number) => 'x'.repeat(length);
const movie = { title: 'Film', durationMinutes: 90, rating: 'PG' };
const register = { email: 'new@example.test', password: 'password-123', name: 'New' };

describe('abuse protection', () => {
  it('when a body is over BODY_LIMIT, then 413 PAYLOAD_TOO_LARGE and nothing is written', async () => {
    const before = await countRows();
    const huge = long(5000);
    const cases = [
      t.request.post('/api/auth/register').send({ ...register, name: huge }),
      t.request
        .post('/api/movies')
        .set(admin.auth)
        .send({ ...movie, description: huge }),
      t.request
        .post('/api/auditoriums')
        .set(admin.auth)
        .send({ ...gridLayout(1, 1), padding: huge }),
    ];
    for (const res of await Promise.all(cases)) {
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    }
    expect(await countRows()).toEqual(before);
  });

  it('when a string is longer than its field allows, then 400 VALIDATION_FAILED names the field and nothing is written', async () => {
    const before = await countRows();
    const cases: [string, object, string][] = [
      ['/api/auth/register', { ...register, email: `${long(250)}@example.test` }, 'body.email'],
      ['/api/auth/register', { ...register, password: long(129) }, 'body.password'],
      ['/api/auth/register', { ...register, name: long(101) }, 'body.name'],
      ['/api/auth/login', { email: register.email, password: long(129) }, 'body.password'],
      ['/api/movies', { ...movie, title: long(201) }, 'body.title'],
      ['/api/movies', { ...movie, rating: long(11) }, 'body.rating'],
      ['/api/movies', { ...movie, description: long(2001) }, 'body.description'],
      ['/api/auditoriums', { ...gridLayout(1, 1), name: long(101) }, 'body.name'],
      ['/api/showtimes', { movieId: long(65), auditoriumId: 'a', startsAt: new Date().toISOString() }, 'body.movieId'],
      ['/api/showtimes', { movieId: 'm', auditoriumId: 'a', startsAt: `2030-01-01T00:00:00.${'0'.repeat(1000)}Z` }, 'body.startsAt'],
    ];
    for (const [path, body, field] of cases) {
      const res = await t.request.post(path).set(admin.auth).send(body);
      expect({ path, status: res.status, code: res.body.error?.code, field: res.body.error?.details.field }).toEqual({
        path,
        status: 400,
        code: 'VALIDATION_FAILED',
        field,
      });
    }
    const longId = await t.request.get(`/api/showtimes/${long(65)}/seats`);
    expect(longId.status).toBe(400);
    expect(await countRows()).toEqual(before);
  });

  it('when an array has too many items, then 400 VALIDATION_FAILED and nothing is written', async () => {
    const showtime = await createShowtime(t.context, { rows: 2, seatsPerRow: 20 });
    const before = await countRows();
    const layout = gridLayout(1, 10);
    const row = layout.rows[0]!;
    const sections = Array.from({ length: 11 }, (_, i) => ({ name: `S${i}`, priceCents: 100 }));
    const cases: [string, object, string][] = [
      ['/api/auditoriums', { ...layout, sections }, 'body.sections'],
      [
        '/api/auditoriums',
        { ...layout, rows: Array.from({ length: 53 }, () => ({ label: 'A', seats: 1, section: 'Standard' })) },
        'body.rows',
      ],
      ['/api/auditoriums', { ...layout, rows: [{ ...row, gapsAfter: Array.from({ length: 21 }, () => 1) }] }, 'body.rows.0.gapsAfter'],
      ['/api/auditoriums', { ...layout, rows: [{ ...row, accessible: Array.from({ length: 101 }, () => 1) }] }, 'body.rows.0.accessible'],
    ];
    for (const [path, body, field] of cases) {
      const res = await t.request.post(path).set(admin.auth).send(body);
      expect({ status: res.status, code: res.body.error?.code, field: res.body.error?.details.field }).toEqual({
        status: 400,
        code: 'VALIDATION_FAILED',
        field,
      });
    }
    // More seats than one hold may take (MAX_SEATS_PER_HOLD), and more than any schema allows.
    const eleven = Array.from({ length: 11 }, (_, i) => `A${i + 1}`);
    const tooMany = await t.request.post(`/api/showtimes/${showtime.id}/holds`).set(customer.auth).send({ seats: eleven });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.code).toBe('VALIDATION_FAILED');
    const absurd = Array.from({ length: 101 }, (_, i) => `B${i + 1}`);
    const refused = await t.request.post(`/api/showtimes/${showtime.id}/holds`).set(customer.auth).send({ seats: absurd });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.field).toBe('body.seats');
    expect(await countRows()).toEqual(before);
  });

  it('when a list asks for a deep or huge page, then 400 names the parameter', async () => {
    const cases: [string, string][] = [
      ['/api/movies?offset=10001', 'query.offset'],
      ['/api/movies?limit=201', 'query.limit'],
      ['/api/movies?limit=0', 'query.limit'],
      ['/api/movies?limit=-1', 'query.limit'],
      ['/api/movies?limit=1e9', 'query.limit'],
      ['/api/movies?limit=1&limit=2', 'query.limit'],
      ['/api/showtimes?offset=10001', 'query.offset'],
      ['/api/showtimes?limit=201', 'query.limit'],
      ['/api/showtimes?offset=99999999999999999999', 'query.offset'],
    ];
    for (const [path, field] of cases) {
      const res = await t.request.get(path);
      expect({ path, status: res.status, code: res.body.error?.code, field: res.body.error?.details.field }).toEqual({
        path,
        status: 400,
        code: 'VALIDATION_FAILED',
        field,
      });
    }
    expect((await t.request.get('/api/movies?limit=200&offset=10000')).status).toBe(200);
  });

  it('when a page from another origin calls the API, then only origins in CORS_ORIGINS are allowed', async () => {
    const allowed = await t.request.get('/api/movies').set('Origin', 'https://kiosk.example');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://kiosk.example');
    const preflight = await t.request
      .options('/api/movies')
      .set('Origin', 'https://box-office.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://box-office.example');
    const foreign = await t.request.get('/api/movies').set('Origin', 'https://evil.example');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });
});

/** Paths to every string without a length bound and every array without an item bound in a JSON schema. */
function unboundedIn(schema: unknown, path = '$'): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as Record<string, unknown>;
  const found: string[] = [];
  const bounded =
    node.maxLength !== undefined ||
    node.enum !== undefined ||
    node.const !== undefined ||
    (typeof node.pattern === 'string' && !/[*+]|\{\d+,\}/.test(node.pattern));
  if (node.type === 'string' && !bounded) found.push(path);
  if (node.type === 'array' && node.maxItems === undefined) found.push(path);
  for (const [key, value] of Object.entries(node)) {
    if (Array.isArray(value)) value.forEach((item, i) => found.push(...unboundedIn(item, `${path}.${key}[${i}]`)));
    else found.push(...unboundedIn(value, `${path}.${key}`));
  }
  return found;
}

describe('input schemas', () => {
  it('when the request schemas of accounts, catalog and holds are inspected, then every string and array has a maximum', () => {
    const inputs = {
      ...{ registerBody: authSchemas.registerBodySchema, loginBody: authSchemas.loginBodySchema },
      ...{
        movieBody: catalogSchemas.movieBodySchema,
        auditoriumBody: catalogSchemas.auditoriumBodySchema,
        showtimeBody: catalogSchemas.showtimeBodySchema,
      },
      ...{
        showtimeQuery: catalogSchemas.showtimeQuerySchema,
        listQuery: catalogSchemas.listQuerySchema,
        idParams: httpSchemas.idParamsSchema,
      },
      ...{
        holdBody: holdsSchemas.holdBodySchema,
        purchaseBody: holdsSchemas.purchaseBodySchema,
        idempotencyHeaders: holdsSchemas.idempotencyHeadersSchema,
      },
    };
    const unbounded = Object.entries(inputs).flatMap(([name, schema]) =>
      unboundedIn(z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }), name),
    );
    expect(unbounded).toEqual([]);
  });

  it('when a schema has an unbounded string or array, then the inspection above finds it', () => {
    const probe = z.object({ free: z.string(), capped: z.string().max(5), list: z.array(z.string().max(5)), listed: z.enum(['a']) });
    expect(unboundedIn(z.toJSONSchema(probe, { io: 'input' }), 'probe')).toEqual(['probe.properties.free', 'probe.properties.list']);
  });
});
