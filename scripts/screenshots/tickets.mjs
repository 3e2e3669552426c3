// Screenshots of tickets and the door for docs/check-in.md: docs/images/ticket.png (a printable ticket)
// and docs/images/door-page.png (the door page after admitting that ticket). Builds the service, runs the
// real dist/main.js on port 0 over a fresh SQLite file with the demo data, buys two seats as the demo
// customer Alice, makes a door-staff account, and opens the pages in Debian's chromium.
// Usage: node scripts/screenshots/tickets.mjs   (CHROMIUM_PATH overrides /usr/bin/chromium)
import { join } from 'node:path';
import { build, call, images, withDemoService } from './kit.mjs';

const staff = { email: 'door@marquee.test', password: 'door-password', name: 'Dana at the door' };

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
  await withDemoService(async ({ url, browser }) => {
    const { alice, showtime, booking } = await buyTickets(url);
    const admin = await call(url, 'POST', '/api/auth/login', { body: { email: 'admin@marquee.test', password: 'admin-password' } });
    await call(url, 'POST', '/api/staff', { token: admin.token, body: staff });
    const door = await call(url, 'POST', '/api/auth/login', { body: { email: staff.email, password: staff.password } });

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
  });
}

await main();
