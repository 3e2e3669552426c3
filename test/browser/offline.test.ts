// Finding 2 of issue 19: while Marquee cannot be reached, no dead ends. Changing screens shows a waiting
// state that retries by itself and then draws the screen the user asked for; Buy keeps trying (same
// Idempotency-Key) until the server answers, instead of giving up after 3 s. "Away" is made at the
// browser's network edge: every request to the API and /healthz fails until the test lets them through.
import type { Page, Route } from 'playwright-core';
import { createShowtime, registerUser } from '../support/factories';
import { expectSeat, openSeatPage, seat, useBrowserServer } from './support/browser';

const t = useBrowserServer();

async function serverAway(page: Page, pattern: string) {
  let failed = 0;
  const waiting: { count: number; resolve(): void }[] = [];
  const handler = (route: Route) => {
    failed++;
    waiting.filter((one) => one.count <= failed).forEach((one) => one.resolve());
    return route.abort('connectionrefused');
  };
  await page.route(pattern, handler);
  return {
    /** Resolves once `count` requests have failed. */
    failures: (count: number) => new Promise<void>((resolve) => (failed >= count ? resolve() : waiting.push({ count, resolve }))),
    back: () => page.unroute(pattern, handler),
  };
}

it('when the server is away, a new screen waits with a retry and then shows itself, without a reload', async () => {
  const showtime = await createShowtime(t.context, { rows: 3, seatsPerRow: 6 });
  const alice = await registerUser(t.request, 'Alice');
  const { page } = await t.openAs(alice.token);
  await page.goto('/');
  await page.locator(`[data-showtime-id="${showtime.id}"]`).waitFor();

  const away = await serverAway(page, '**/api/**');
  const healthz = await serverAway(page, '**/healthz');
  await page.locator(`[data-showtime-id="${showtime.id}"]`).click();
  await page.getByTestId('screen-offline').waitFor();
  await page.getByTestId('offline').filter({ hasText: 'Cannot reach Marquee' }).waitFor();
  await expect(page.getByTestId('screen-retry').isVisible()).resolves.toBe(true);

  await away.back();
  await healthz.back();
  await page.getByTestId('seat-map').waitFor();
  expect(new URL(page.url()).pathname).toBe(`/showtimes/${showtime.id}`);
  await page.getByTestId('offline').waitFor({ state: 'hidden' });
});

it('when the server is away as I press Buy, the purchase keeps trying and completes once it is back', async () => {
  const showtime = await createShowtime(t.context, { rows: 3, seatsPerRow: 6 });
  const alice = await registerUser(t.request, 'Alice');
  const { page } = await t.openAs(alice.token);
  await openSeatPage(page, showtime.id);
  await seat(page, 'B3').click();
  await page.getByTestId('hold-button').click();
  await page.getByTestId('hold-panel').waitFor();

  const away = await serverAway(page, '**/api/holds/*/purchase');
  await page.getByTestId('buy-button').click();
  // The old Buy gave up after its third failed try (about 3 s); this one is still at it after a fifth.
  await away.failures(5);
  await page.getByTestId('purchase-status').filter({ hasText: 'Still trying' }).waitFor();
  await away.back();
  await page.getByTestId('confirmation').filter({ hasText: 'B3' }).waitFor();
  await expectSeat(page, 'B3', 'sold');
  const bookings = await t.request.get('/api/bookings').set(alice.auth);
  expect(bookings.body.bookings.map((booking: { seats: string[] }) => booking.seats)).toEqual([['B3']]);
});
