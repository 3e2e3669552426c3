// Screenshots of the admin dashboard for docs/operations.md: docs/images/admin-charts.png (the sales
// charts) and docs/images/programme.png (the programme list with its edit, move, cancel and delete
// controls). Builds the service, runs the real dist/main.js on port 0 over a fresh SQLite file with the
// demo data, makes a few purchases and a hold as the demo customers, and opens /admin in Debian's chromium.
// Usage: node scripts/screenshots/admin.mjs   (CHROMIUM_PATH overrides /usr/bin/chromium)
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..', '..');
const images = join(root, 'docs', 'images');

function build() {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [join(root, 'scripts/build-web.mjs')], { cwd: root, stdio: 'inherit' });
}

/** Starts dist/main.js on port 0; resolves with its URL once it logs "Marquee is listening". */
function startService(databaseUrl) {
  const child = spawn(process.execPath, [join(root, 'dist/main.js')], {
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
      CURRENCY: process.env.CURRENCY ?? 'USD',
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

const login = (base, email, password) => call(base, 'POST', '/api/auth/login', { body: { email, password } });

/** Buys `count` best seats of a showtime (or only holds them). */
async function take(base, user, showtimeId, count, buy = true) {
  const { hold } = await call(base, 'POST', `/api/showtimes/${showtimeId}/holds`, { token: user.token, body: { count } });
  if (!buy) return;
  await call(base, 'POST', `/api/holds/${hold.id}/purchase`, {
    token: user.token,
    body: { paymentToken: 'tok_demo' },
    headers: { 'Idempotency-Key': `screenshot-${hold.id}` },
  });
}

async function main() {
  build();
  const folder = mkdtempSync(join(tmpdir(), 'marquee-screenshots-'));
  const { url, child } = await startService(`file:${join(folder, 'demo.db')}`);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const alice = await login(url, 'alice@marquee.test', 'alice-password');
    const bob = await login(url, 'bob@marquee.test', 'bob-password');
    const admin = await login(url, 'admin@marquee.test', 'admin-password');
    // Six showtimes of the programme, a few sales each, so the charts have something to say.
    const { showtimes } = await call(url, 'GET', '/api/showtimes');
    const picked = showtimes.filter((_, index) => index % 4 === 1).slice(0, 7);
    const crowd = [];
    for (let i = 0; i < 6; i++) {
      const email = `guest${i}@marquee.test`;
      crowd.push(
        (await call(url, 'POST', '/api/auth/register', { body: { email, password: 'guest-password', name: `Guest ${i}` } })).token,
      );
    }
    for (const [index, showtime] of picked.entries()) {
      await take(url, alice, showtime.id, 2 + (index % 3) * 2);
      await take(url, bob, showtime.id, 1 + index);
      for (const token of crowd.slice(0, index % 6)) await take(url, { token }, showtime.id, 6 + (index % 4));
    }
    await take(url, alice, picked[1].id, 6, false);
    await take(url, bob, picked[4].id, 4, false);
    mkdirSync(images, { recursive: true });

    const context = await browser.newContext({ baseURL: url, viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    await context.addInitScript({ content: `localStorage.setItem('marquee.token', ${JSON.stringify(admin.token)});` });
    const page = await context.newPage();
    await page.goto('/admin');
    await page.locator('[data-testid="report-tables"]').waitFor();
    await page.locator('.charts-card').screenshot({ path: join(images, 'admin-charts.png') });
    // The programme's top: the first showtimes ahead are enough to show the controls.
    // boundingBox is relative to the scrolled viewport; the full-page clip wants page coordinates.
    const box = await page.getByTestId('programme').boundingBox();
    const scrollY = await page.evaluate('window.scrollY');
    const clip = { x: box.x, y: box.y + scrollY, width: box.width, height: Math.min(box.height, 560) };
    await page.screenshot({ path: join(images, 'programme.png'), fullPage: true, clip });
    console.log(`wrote ${join(images, 'admin-charts.png')} and ${join(images, 'programme.png')}`);
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
    rmSync(folder, { recursive: true, force: true });
  }
}

await main();
