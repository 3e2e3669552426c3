import jwt from 'jsonwebtoken';
import { createTestApp, type TestApp } from '../support/app';
import { createAdmin, registerUser } from '../support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('accounts', () => {
  it('when a customer registers, then they can log in and see themselves', async () => {
    const reg = await t.request.post('/api/auth/register').send({ email: 'Ann@Example.test', password: 'secret-pass', name: 'Ann' });
    expect(reg.status).toBe(201);
    expect(reg.body.user).toEqual({ id: expect.any(String), email: 'ann@example.test', name: 'Ann', role: 'customer' });
    expect(reg.body.user.id).toMatch(/^[0-9a-f-]{36}$/);

    const login = await t.request.post('/api/auth/login').send({ email: 'ann@example.test', password: 'secret-pass' });
    expect(login.status).toBe(200);
    const me = await t.request.get('/api/me').set('Authorization', `Bearer ${login.body.token}`);
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe('ann@example.test');
  });

  it('when the email is taken, then register answers 409 EMAIL_TAKEN', async () => {
    const user = await registerUser(t.request);
    const res = await t.request.post('/api/auth/register').send({ email: user.email, password: 'another-pass', name: 'X' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('EMAIL_TAKEN');
  });

  it('when the password is wrong or the email unknown, then both get the same 401', async () => {
    const user = await registerUser(t.request);
    const wrong = await t.request.post('/api/auth/login').send({ email: user.email, password: 'not-the-password' });
    const unknown = await t.request.post('/api/auth/login').send({ email: 'nobody@example.test', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('when a token is tampered, expired, unsigned (alg none) or absent, then /api/me is 401', async () => {
    const user = await registerUser(t.request);
    const [header, payload, signature] = user.token.split('.');
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')}.${signature}`;
    const expired = jwt.sign({}, 'test-secret-that-is-long-enough', { subject: user.id, expiresIn: -10 });
    const unsigned = jwt.sign({}, '', { subject: user.id, algorithm: 'none' });
    const otherKey = jwt.sign({}, 'some-other-secret-of-length', { subject: user.id });
    for (const token of [tampered, expired, unsigned, otherKey, 'garbage']) {
      const res = await t.request.get('/api/me').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    }
    expect((await t.request.get('/api/me')).status).toBe(401);
    expect((await t.request.get('/api/me').set('Authorization', 'Basic abc')).status).toBe(401);
  });

  it('when a customer calls an admin route, then 403; an admin gets through', async () => {
    const customer = await registerUser(t.request);
    const movie = { title: 'T', durationMinutes: 90, rating: 'PG' };
    const denied = await t.request.post('/api/movies').set(customer.auth).send(movie);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('FORBIDDEN');
    const admin = await createAdmin(t.context, t.request);
    expect((await t.request.post('/api/movies').set(admin.auth).send(movie)).status).toBe(201);
  });

  it('when someone registers with a role field, then it is rejected and no admin is made', async () => {
    const res = await t.request.post('/api/auth/register').send({ email: 'sneaky@example.test', password: 'password-1', name: 'S', role: 'admin' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(await t.context.db.user.count({ where: { email: 'sneaky@example.test' } })).toBe(0);
  });
});
