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
    const res = await t.request
      .post('/api/auth/register')
      .send({ email: 'sneaky@example.test', password: 'password-1', name: 'S', role: 'admin' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(await t.context.db.user.count({ where: { email: 'sneaky@example.test' } })).toBe(0);
  });

  it('when any auth endpoint answers, then no answer carries a password hash or any field beyond id, email, name, role', async () => {
    const email = 'hash-scan@example.test';
    const answers = [
      await t.request.post('/api/auth/register').send({ email, password: 'scan-password', name: 'Scan' }),
      await t.request.post('/api/auth/login').send({ email, password: 'scan-password' }),
      await t.request.post('/api/auth/login').send({ email, password: 'wrong-password' }),
      await t.request.post('/api/auth/register').send({ email, password: 'scan-password', name: 'Again' }),
    ];
    const admin = await createAdmin(t.context, t.request);
    answers.push(await t.request.post('/api/auth/login').send({ email: admin.email, password: 'admin-password-1' }));
    answers.push(await t.request.get('/api/me').set('Authorization', `Bearer ${answers[1]?.body.token}`));
    answers.push(await t.request.get('/api/me').set(admin.auth));
    expect(answers.map((answer) => answer.status)).toEqual([201, 200, 401, 409, 200, 200, 200]);
    for (const answer of answers) {
      expect(answer.text).not.toMatch(/\$2[aby]\$|passwordHash/);
      if (answer.body.user) expect(Object.keys(answer.body.user).sort()).toEqual(['email', 'id', 'name', 'role']);
    }
  });

  it('when a validly signed token names a subject that is not a string, then the answer is 401, not 500', async () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    for (const sub of [12345, { id: 'x' }, ['x'], 'bad\u0000id']) {
      const token = jwt.sign({ sub, exp }, 'test-secret-that-is-long-enough', { algorithm: 'HS256' });
      const res = await t.request.get('/api/me').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('when a password is longer than bcrypt reads (72 bytes), then register and login refuse it with a clear 400', async () => {
    const base = 'p'.repeat(72);
    const first = await t.request.post('/api/auth/register').send({ email: 'long1@example.test', password: base, name: 'L' });
    expect(first.status).toBe(201);
    // Sharing the first 72 bytes would have made these the same password.
    const longer = await t.request.post('/api/auth/register').send({ email: 'long2@example.test', password: `${base}X`, name: 'L' });
    expect(longer.status).toBe(400);
    expect(longer.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'body.password' } });
    expect(longer.body.error.message).toMatch(/72 bytes/);
    // 25 three-byte characters are 75 bytes: too long, though only 25 characters.
    const accented = await t.request.post('/api/auth/register').send({ email: 'long3@example.test', password: '€'.repeat(25), name: 'L' });
    expect(accented.status).toBe(400);
    const login = await t.request.post('/api/auth/login').send({ email: 'long1@example.test', password: `${base}anything` });
    expect(login.status).toBe(400);
    expect(login.body.error.code).toBe('VALIDATION_FAILED');
    expect(await t.context.db.user.count({ where: { email: { in: ['long2@example.test', 'long3@example.test'] } } })).toBe(0);
  });
});
