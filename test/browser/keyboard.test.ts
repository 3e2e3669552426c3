// Finding 5 of issue 19: the seat map is ONE Tab stop (a roving tabindex, arrows inside), a skip link
// is the first Tab stop of every page, and each screen has its own document.title.
import type { Page } from 'playwright-core';
import { registerUser } from '../support/factories';
import { createTheaterShowtime, focusedTestId, openSeatPage, useBrowserServer } from './support/browser';

const t = useBrowserServer();
const isSeat = (id: string) => /^seat-[A-Z]\d+$/.test(id);
const focusedId = (page: Page) => page.evaluate<string>("document.activeElement?.id ?? ''");

it('Tab passes the whole 112-seat map in one press, arrows move inside it, and Shift+Tab comes back to the same seat', async () => {
  const showtime = await createTheaterShowtime(t.context, 'Keys Film', 'Keys Room');
  const alice = await registerUser(t.request, 'Alice');
  const { page } = await t.openAs(alice.token);
  await openSeatPage(page, showtime.id);

  // The first Tab stop is the skip link; it takes focus straight to the content.
  await page.keyboard.press('Tab');
  await expect(focusedTestId(page)).resolves.toBe('skip-link');
  await page.keyboard.press('Enter');
  await expect(focusedId(page)).resolves.toBe('main');

  let presses = 0;
  while (!isSeat(await focusedTestId(page)) && presses < 40) {
    await page.keyboard.press('Tab');
    presses++;
  }
  await expect(focusedTestId(page)).resolves.toBe('seat-A1');
  await expect(page.locator('.seat-map [tabindex="0"]').count()).resolves.toBe(1);

  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await expect(focusedTestId(page)).resolves.toBe('seat-B2');
  await page.keyboard.press('End');
  await expect(focusedTestId(page)).resolves.toBe('seat-B14');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="seat-B14"][data-status="selected"]').waitFor();

  // One more Tab leaves the map, wherever in it we were.
  await page.keyboard.press('Tab');
  expect(isSeat(await focusedTestId(page))).toBe(false);
  await page.keyboard.press('Shift+Tab');
  await expect(focusedTestId(page)).resolves.toBe('seat-B14');
  await expect(page.locator('.seat-map [tabindex="0"]').count()).resolves.toBe(1);
  await expect(page.title()).resolves.toBe('Seats · Keys Film · Marquee');
});

it('every screen names itself in the title', async () => {
  const { page } = await t.openAs();
  await page.goto('/');
  await page.getByTestId('showtimes').waitFor();
  await expect(page.title()).resolves.toBe('Showtimes · Marquee');
  await page.getByTestId('nav-sign-in').click();
  await page.waitForURL('**/login**');
  await expect(page.title()).resolves.toBe('Sign in · Marquee');
});
