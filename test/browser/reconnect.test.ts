// Finding 1 of issue 19: after the server stops and comes back, the seat page must go live again by
// itself. A graceful stop (SIGTERM) ends each socket with a socket.io "server disconnect", which the
// socket.io client never retries on its own; a SIGKILL just drops the connection. The real service
// runs as a child process behind a TCP proxy the test owns (test/support/tcp-proxy.ts), so the restarted process (on its own port 0)
// answers on the same address the page was loaded from.
import type { Browser } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { spawnService, type ServiceProcess } from '../support/spawn';
import { buildWebApp, expectSeat, launchBrowser, openAs, openSeatPage, seat, takePageProblems } from './support/browser';
import { startTcpProxy } from '../support/tcp-proxy';

let database: TestDatabase;
let browser: Browser;
let relay: Awaited<ReturnType<typeof startTcpProxy>>;
let service: ServiceProcess | undefined;
const env = () => ({ DATABASE_URL: database.url, RATE_LIMIT_ENABLED: 'false', SEED_DEMO_DATA: 'true', LOG_LEVEL: 'info' });

async function startService() {
  service = await spawnService(env());
  relay.point(service.port);
}

async function stopService(signal: 'SIGTERM' | 'SIGKILL') {
  const stopping = service!;
  relay.point(undefined);
  stopping.child.kill(signal);
  await stopping.exited;
  service = undefined;
}

async function api(path: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const response = await fetch(`${relay.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'Content-Type': 'application/json', ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, any> };
}

const login = async (email: string, password: string) =>
  (await api('/api/auth/login', { method: 'POST', body: { email, password } })).body.token as string;

beforeAll(async () => {
  buildWebApp();
  [database, browser, relay] = await Promise.all([createTestDatabase(), launchBrowser(), startTcpProxy()]);
  await startService();
}, 120_000);
afterEach(() => expect(takePageProblems()).toEqual([]));
afterAll(async () => {
  if (service) service.child.kill('SIGKILL');
  await service?.exited;
  await browser?.close();
  await relay?.close();
  await database?.drop();
});

describe.each(['SIGTERM', 'SIGKILL'] as const)('after a %s and a restart', (signal) => {
  it('the seat page goes live again, shows another user\'s change and my own hold from another window, and the "Cannot reach" message goes', async () => {
    const alice = await login('alice@marquee.test', 'alice-password');
    const bob = await login('bob@marquee.test', 'bob-password');
    const { showtimes } = (await api('/api/showtimes')).body as { showtimes: { id: string; auditoriumName: string }[] };
    const showtime = showtimes.filter((one) => one.auditoriumName === 'Screen 2 · Studio')[signal === 'SIGTERM' ? 0 : 1]!;
    const { context, page } = await openAs(browser, relay.url, alice);
    try {
      await openSeatPage(page, showtime.id);
      // Alice holds a seat in another window: this page sees it held, not yet as hers.
      expect((await api(`/api/showtimes/${showtime.id}/holds`, { method: 'POST', token: alice, body: { seats: ['C6'] } })).status).toBe(
        201,
      );
      await expectSeat(page, 'C6', 'held');

      await stopService(signal);
      await page.locator('[data-testid="live-status"][data-live="false"]').waitFor();
      // Pressing Hold while the server is away says so.
      await seat(page, 'A3').click();
      await page.getByTestId('hold-button').click();
      await page
        .getByText(/Cannot reach Marquee/)
        .first()
        .waitFor();

      await startService();
      await page.locator('[data-testid="live-status"][data-live="true"]').waitFor({ timeout: 30_000 });
      // Live again: another customer's hold shows up without a reload ...
      expect((await api(`/api/showtimes/${showtime.id}/holds`, { method: 'POST', token: bob, body: { seats: ['B5'] } })).status).toBe(201);
      await expectSeat(page, 'B5', 'held');
      // ... and the resync after the reconnect brings her own state: C6 is hers, in her basket.
      await expectSeat(page, 'C6', 'mine');
      await page.getByTestId('hold-panel').filter({ hasText: 'C6' }).waitFor();
      await page
        .getByText(/Cannot reach Marquee/)
        .first()
        .waitFor({ state: 'hidden' });
      await expect(page.getByText(/Cannot reach Marquee/).count()).resolves.toBe(0);
    } finally {
      await context.close();
    }
  }, 120_000);
});
