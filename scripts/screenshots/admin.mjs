// Screenshots of the admin dashboard for docs/operations.md: docs/images/admin-charts.png (the sales
// charts) and docs/images/programme.png (the programme list with its edit, move, cancel and delete
// controls). Builds the service, runs the real dist/main.js on port 0 over a fresh SQLite file with the
// demo data, makes a few purchases and a hold as the demo customers, and opens /admin in Debian's chromium.
// Usage: node scripts/screenshots/admin.mjs   (CHROMIUM_PATH overrides /usr/bin/chromium)
import { join } from 'node:path';
import { build, call, images, withDemoService } from './kit.mjs';

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
  await withDemoService(
    async ({ url, browser }) => {
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
    },
    { env: { CURRENCY: process.env.CURRENCY ?? 'USD' } },
  );
}

await main();
