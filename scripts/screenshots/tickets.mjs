// Screenshots of tickets and the door for docs/check-in.md: docs/images/ticket.png (a printable ticket)
// and docs/images/door-page.png (the door page after admitting that ticket). Builds the service, runs the
// real dist/main.js on port 0 over a fresh SQLite file with the demo data, buys two seats as the demo
// customer Alice, makes a door-staff account, and opens the pages in Debian's chromium.
// Usage: node scripts/screenshots/tickets.mjs   (CHROMIUM_PATH overrides /usr/bin/chromium)
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..', '..');
const images = join(root, 'docs', 'images');
const staff = { email: 'door@marquee.test', password: 'door-password', name: 'Dana at the door' };

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
  const payload = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(payload)}`);
  return payload;
}

/** Alice buys two free seats next to each other in the middle of the first showtime's room. */
async function buyTickets(base) {
  const alice = await call(base, 'POST', '/api/auth/login', { body: { email: 'alice@marquee.test', password: 'alice-password' } });
  const { showtimes } = await call(base, 'GET', '/api/showtimes');
  const showtime = showtimes[0];
  const best = await call(base, 'GET', `/api/showtimes/${showtime.id}/best?count=2`);
  const { hold } = await call(base, 'POST', `/api/showtimes/${showtime.id}/holds`, { token: alice.token, body: { seats: best.seats } });
  const { booking } = await call(base, 'POST', `/api/holds/${hold.id}/purchase`, {
    token: alice.token,
    body: { paymentToken: 'tok_demo' },
    headers: { 'Idempotency-Key': `screenshot-${hold.id}` },
  });
  return { alice, showtime, booking };
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
    const { alice, showtime, booking } = await buyTickets(url);
    const admin = await call(url, 'POST', '/api/auth/login', { body: { email: 'admin@marquee.test', password: 'admin-password' } });
    await call(url, 'POST', '/api/staff', { token: admin.token, body: staff });
    const door = await call(url, 'POST', '/api/auth/login', { body: { email: staff.email, password: staff.password } });
    mkdirSync(images, { recursive: true });

    const open = async (token, viewport) => {
      const context = await browser.newContext({ baseURL: url, viewport, deviceScaleFactor: 1 });
      await context.addInitScript({ content: `localStorage.setItem('marquee.token', ${JSON.stringify(token)});` });
      return context.newPage();
    };
    const ticketPage = await open(alice.token, { width: 900, height: 900 });
    await ticketPage.goto(`/bookings/${booking.id}/tickets`);
    await ticketPage.locator('[data-testid="printed-ticket"] img[data-loaded="true"]').first().waitFor();
    await ticketPage.emulateMedia({ media: 'print' });
    await ticketPage
      .getByTestId('printed-ticket')
      .first()
      .screenshot({ path: join(images, 'ticket.png') });

    const doorPage = await open(door.token, { width: 1100, height: 820 });
    await doorPage.goto(`/door?showtime=${encodeURIComponent(showtime.id)}`);
    await doorPage.locator('[data-testid="door-count"][data-sold]').waitFor();
    await doorPage.getByLabel('Ticket code').fill(booking.tickets[0].code);
    await doorPage.getByTestId('door-check').click();
    await doorPage.locator('[data-testid="door-result"][data-outcome="admitted"]').waitFor();
    await doorPage.locator('[data-testid="door-count"][data-admitted="1"]').waitFor();
    await doorPage.screenshot({ path: join(images, 'door-page.png') });
    console.log(`wrote ${join(images, 'ticket.png')} and ${join(images, 'door-page.png')}`);
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
    rmSync(folder, { recursive: true, force: true });
  }
}

await main();
