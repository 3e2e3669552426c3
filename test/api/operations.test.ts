import supertest from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createContext } from '../../src/context';
import { createTestApp, testEnv, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Layer = {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  slash?: boolean;
  rawPath?: string;
};

/** Every "METHOD /path" the Express app really serves, found by walking its router (nested routers too). */
function mountedRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const methods = Object.keys(layer.route.methods).filter((method) => method !== '_all');
        for (const method of methods) found.push(`${method.toUpperCase()} ${prefix}${String(layer.route.path)}`);
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, prefix + (layer.slash ? '' : (layer.rawPath ?? '')));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return [...new Set(found)].sort();
}

/** Every "METHOD /path" the OpenAPI document lists, in Express's :param spelling. */
function documentedRoutes(document: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(document.paths)
    .flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    )
    .sort();
}

/** The value of one labelled sample in Prometheus text, 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const line = text
    .split('\n')
    .find(
      (candidate) =>
        candidate.startsWith(`${name}{`) && Object.entries(labels).every(([key, value]) => candidate.includes(`${key}="${value}"`)),
    );
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('operations', () => {
  it('when /healthz is asked, then the process answers 200 ok', async () => {
    const res = await t.request.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', instance: t.context.instance.id });
  });

  it('when the database answers, then /readyz is 200; when it is unreachable, then 503', async () => {
    const ready = await t.request.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', database: 'ok' }); // no REDIS_URL: no redis field

    // Nothing listens on port 1: the database is unreachable but the process is up.
    const config = loadConfig({ ...testEnv, DATABASE_URL: 'postgresql://root@127.0.0.1:1/nowhere' });
    const context = createContext(config);
    try {
      const request = supertest(createApp(context));
      expect((await request.get('/healthz')).status).toBe(200);
      const down = await request.get('/readyz');
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ database: 'unreachable' });
    } finally {
      await context.close().catch(() => undefined);
    }
  });

  it('when REDIS_URL is set and Redis answers, then /readyz says redis ok and marquee_redis_up is 1', async () => {
    const withRedis = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:6379' });
    try {
      // Its connections open in the background; 'degraded' until the last one is up.
      let ready = await withRedis.request.get('/readyz');
      for (const deadline = Date.now() + 10_000; ready.body.redis !== 'ok' && Date.now() < deadline;) {
        await new Promise((next) => setTimeout(next, 20));
        ready = await withRedis.request.get('/readyz');
      }
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ status: 'ready', database: 'ok', redis: 'ok' });
      expect((await withRedis.request.get('/metrics')).text).toMatch(/^marquee_redis_up 1$/m);
    } finally {
      await withRedis.close();
    }
  });

  it('when requests were served, then /metrics counts them by route pattern in Prometheus text', async () => {
    const before = (await t.request.get('/metrics')).text;
    const labels = { method: 'GET', route: '/api/showtimes/:id', status: '404' };
    for (let i = 0; i < 3; i++) await t.request.get(`/api/showtimes/missing-${i}`);
    await t.request.get('/api/movies');
    const res = await t.request.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('# TYPE marquee_http_requests_total counter');
    expect(sample(res.text, 'marquee_http_requests_total', labels) - sample(before, 'marquee_http_requests_total', labels)).toBe(3);
    expect(sample(res.text, 'marquee_http_requests_total', { method: 'GET', route: '/api/movies', status: '200' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(res.text).toContain('marquee_http_request_duration_seconds_bucket');
  });

  it('when /api/openapi.json is read, then it lists exactly the routes the app mounts', async () => {
    const app = createApp(t.context);
    const res = await supertest(app).get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    const mounted = mountedRoutes(app);
    expect(mounted).toEqual(expect.arrayContaining(['GET /healthz', 'GET /api/showtimes/:id/seats', 'POST /api/auth/register']));
    expect(documentedRoutes(res.body)).toEqual(mounted);
  });

  it('when /api/docs is opened, then an HTML viewer is served with every script and stylesheet from this server', async () => {
    const res = await t.request.get('/api/docs').redirects(1);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const assets = [...res.text.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)=["']([^"']+)["']/gi)].map((match) => match[1] as string);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      expect(asset).not.toMatch(/^(https?:)?\/\//i);
      const served = await t.request.get(new URL(asset, 'http://localhost/api/docs/').pathname);
      expect(served.status).toBe(200);
    }
    const init = await t.request.get('/api/docs/swagger-ui-init.js');
    expect(init.text).toContain('/api/openapi.json');
    expect(init.text).not.toMatch(/https?:\/\/(?!localhost|127\.0\.0\.1)[a-z]/i);
  });
});
