// Who may read /metrics: anyone by default (a class demo), only holders of METRICS_TOKEN when it is set,
// and only on a listener of its own when METRICS_PORT is set (the public port then answers 404).
import { Writable } from 'node:stream';
import pino from 'pino';
import supertest from 'supertest';
import { loadConfig } from '../../src/config';
import { startServer } from '../../src/server';
import { startTestServer, testEnv } from '../support/app';
import { createTestDatabase } from '../support/database';

const token = 'metrics-token-for-tests-0123456789';

const expectError = (res: { status: number; body: unknown }, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({ error: { code, message: expect.any(String), details: {} } });
};

describe('with METRICS_TOKEN set', () => {
  let t: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    t = await startTestServer({ METRICS_TOKEN: token });
  });
  afterAll(() => t.close());

  it('when /metrics is asked without a token, then 401 UNAUTHENTICATED with a Bearer challenge', async () => {
    const res = await t.request.get('/metrics');
    expectError(res, 401, 'UNAUTHENTICATED');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(res.text).not.toContain('marquee_');
  });

  it('when the token is wrong, a prefix of it, or sent another way, then 401', async () => {
    for (const authorization of [`Bearer ${token}x`, `Bearer ${token.slice(0, -1)}`, 'Bearer ', `Basic ${token}`, token]) {
      expectError(await t.request.get('/metrics').set('Authorization', authorization), 401, 'UNAUTHENTICATED');
    }
  });

  it('when the right bearer token is sent, then the Prometheus text is served', async () => {
    const res = await t.request.get('/metrics').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('# TYPE marquee_http_requests_total counter');
  });

  it('when the other operations endpoints are asked, then they need no token', async () => {
    expect((await t.request.get('/healthz')).status).toBe(200);
    expect((await t.request.get('/readyz')).status).toBe(200);
  });
});

describe('with METRICS_PORT set', () => {
  let t: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    t = await startTestServer({ METRICS_PORT: '0' }); // 0: a free port, reported as metricsUrl
  });
  afterAll(() => t.close());

  it('when /metrics is asked on its own port, then it is served there, counting the public port traffic', async () => {
    expect(t.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new URL(t.metricsUrl as string).port).not.toBe(String(t.port));
    expect((await t.request.get('/api/movies')).status).toBe(200);
    const res = await supertest(t.metricsUrl as string).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/^marquee_http_requests_total\{method="GET",route="\/api\/movies",status="200"\} [1-9]/m);
  });

  it('when /metrics is asked on the public port, then 404 NOT_FOUND', async () => {
    expectError(await t.request.get('/metrics'), 404, 'NOT_FOUND');
  });

  it('when anything else is asked on the metrics port, then 404 NOT_FOUND: it serves metrics only', async () => {
    const metricsPort = supertest(t.metricsUrl as string);
    expect((await metricsPort.get('/healthz')).status).toBe(404);
    expectError(await metricsPort.get('/api/movies'), 404, 'NOT_FOUND');
  });
});

describe('with METRICS_PORT and METRICS_TOKEN set', () => {
  it('when the metrics port is asked, then it wants the token too; after stop() it is closed', async () => {
    const t = await startTestServer({ METRICS_PORT: '0', METRICS_TOKEN: token });
    const metricsUrl = t.metricsUrl as string;
    try {
      expectError(await supertest(metricsUrl).get('/metrics'), 401, 'UNAUTHENTICATED');
      expect((await supertest(metricsUrl).get('/metrics').set('Authorization', `Bearer ${token}`)).status).toBe(200);
      expectError(await t.request.get('/metrics').set('Authorization', `Bearer ${token}`), 404, 'NOT_FOUND');
    } finally {
      await t.close();
    }
    await expect(fetch(`${metricsUrl}/metrics`)).rejects.toThrow();
  });
});

it('when the server starts with METRICS_PORT, then the listening line names both addresses', async () => {
  const database = await createTestDatabase();
  const lines: { msg: string; url?: string; metricsUrl?: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const config = loadConfig({ ...testEnv, METRICS_PORT: '0', DATABASE_URL: database.url });
  const running = await startServer(config, { logger: pino({ level: 'info' }, sink) });
  try {
    const listening = lines.find((line) => line.msg === 'Marquee is listening');
    expect(listening).toMatchObject({ url: running.url, metricsUrl: running.metricsUrl });
    expect(running.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  } finally {
    await running.stop();
    await database.drop();
  }
});
