// Screenshots of the seat page for the README and docs/web-app.md: docs/images/seat-page-phone.png
// (390 × 844, touch) and docs/images/seat-page-desktop.png (1280 × 860). Builds the web app, runs the
// real service (src/main.ts through tsx) on port 0 over a fresh SQLite file with the demo data, has Bob
// hold and buy a few seats so the map shows every status, and lets Alice choose 3 tickets: the best
// seats together are highlighted, with the bar (phone) or the sidebar (desktop) showing the total.
// Usage: node scripts/screenshots/web.mjs   (CHROMIUM_PATH overrides /usr/bin/chromium)
import { join } from 'node:path';
import { build, call, images, withDemoService } from './kit.mjs';

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
  build({ webOnly: true });
  await withDemoService(
    async ({ url, browser }) => {
      const showtime = await busyRoom(url);
      const alice = await login(url, 'alice');
      const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
      await shoot(browser, url, alice.token, showtime.id, phone, 'seat-page-phone.png');
      await shoot(browser, url, alice.token, showtime.id, { viewport: { width: 1280, height: 860 } }, 'seat-page-desktop.png');
      console.log('wrote docs/images/seat-page-phone.png and docs/images/seat-page-desktop.png');
    },
    { fromSource: true },
  );
}

await main();
