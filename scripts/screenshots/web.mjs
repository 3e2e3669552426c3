// Screenshots of the seat page for the README and docs/web-app.md: docs/images/seat-page-phone.png
// (390 × 844, touch) and docs/images/seat-page-desktop.png (1280 × 860). Builds the web app, runs the
// real service (src/main.ts through tsx) on port 0 over a fresh SQLite file with the demo data, has Bob
// hold and buy a few seats so the map shows every status, and lets Alice choose 3 tickets: the best
// seats together are highlighted, with the bar (phone) or the sidebar (desktop) showing the total.
// Usage: node scripts/screenshots/web.mjs   (CHROMIUM_PATH overrides /usr/bin/chromium)
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..', '..');
const images = join(root, 'docs', 'images');

/** Starts src/main.ts on port 0; resolves with its URL once it logs "Marquee is listening". */
function startService(databaseUrl) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      SEED_DEMO_DATA: 'true',
      RATE_LIMIT_ENABLED: 'false',
      BCRYPT_COST: '4',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolveUrl, reject) => {
    child.once('exit', (code) => reject(new Error(`the service exited (${code}) before listening`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const url = /"url":"(http:[^"]+)".*Marquee is listening/.exec(line)?.[1];
      if (url) resolveUrl({ url, child });
    });
  });
}

async function call(base, method, path, { token, body, headers = {} } = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = response.status === 204 ? {} : await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(payload)}`);
  return payload;
}

const login = (base, who) => call(base, 'POST', '/api/auth/login', { body: { email: `${who}@marquee.test`, password: `${who}-password` } });

/** Bob buys four seats and holds three more in the big room, so sold and held seats show too. */
async function busyRoom(base) {
  const bob = await login(base, 'bob');
  const { showtimes } = await call(base, 'GET', '/api/showtimes');
  const showtime = showtimes.find((one) => one.auditoriumName.startsWith('Screen 1'));
  const { hold } = await call(base, 'POST', `/api/showtimes/${showtime.id}/holds`, {
    token: bob.token,
    body: { seats: ['E6', 'E7', 'E8', 'E9'] },
  });
  await call(base, 'POST', `/api/holds/${hold.id}/purchase`, {
    token: bob.token,
    body: { paymentToken: 'tok_demo' },
    headers: { 'Idempotency-Key': `screenshot-${hold.id}` },
  });
  await call(base, 'POST', `/api/showtimes/${showtime.id}/holds`, { token: bob.token, body: { seats: ['C11', 'C12', 'C13'] } });
  return showtime;
}

async function shoot(browser, url, token, showtimeId, device, file) {
  const context = await browser.newContext({ baseURL: url, ...device });
  await context.addInitScript({ content: `localStorage.setItem('marquee.token', ${JSON.stringify(token)});` });
  const page = await context.newPage();
  await page.goto(`/showtimes/${showtimeId}`);
  await page.locator('[data-testid="live-status"][data-live="true"]').waitFor();
  for (let tap = 0; tap < 3; tap++) await page.getByTestId('count-more').click();
  await page.locator('.seat-map [data-status="selected"]').nth(2).waitFor();
  // On the phone the suggestion is further down the map: show it, under the pinned bar's total.
  await page.locator('.seat-map [data-status="selected"]').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(images, file), fullPage: false });
  await context.close();
}

async function main() {
  execFileSync(process.execPath, [join(root, 'scripts/build-web.mjs')], { cwd: root, stdio: 'inherit' });
  mkdirSync(images, { recursive: true });
  const folder = mkdtempSync(join(tmpdir(), 'marquee-screenshots-'));
  const { url, child } = await startService(`file:${join(folder, 'demo.db')}`);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const showtime = await busyRoom(url);
    const alice = await login(url, 'alice');
    const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
    await shoot(browser, url, alice.token, showtime.id, phone, 'seat-page-phone.png');
    await shoot(browser, url, alice.token, showtime.id, { viewport: { width: 1280, height: 860 } }, 'seat-page-desktop.png');
    console.log('wrote docs/images/seat-page-phone.png and docs/images/seat-page-desktop.png');
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
    rmSync(folder, { recursive: true, force: true });
  }
}

await main();
