// Two browser windows, two customers, one showtime: what a class demo of Marquee does. Every change
// reaches the other window live (no reloads), and a race lost on the wire reads as "just taken".
import type { Page } from 'playwright-core';
import { createShowtime, registerUser, type TestUser } from '../support/factories';
import {
  createTheaterShowtime,
  expectSeat,
  focusedTestId,
  openSeatPage,
  screenshot,
  seat,
  theaterLayout,
  useBrowserServer,
} from './support/browser';

const t = useBrowserServer();

async function twoCustomers(showtimeId: string): Promise<[Page, Page, TestUser]> {
  const [alice, bob] = [await registerUser(t.request, 'Alice'), await registerUser(t.request, 'Bob')];
  const [a, b] = [await t.openAs(alice.token), await t.openAs(bob.token)];
  await Promise.all([openSeatPage(a.page, showtimeId), openSeatPage(b.page, showtimeId)]);
  return [a.page, b.page, alice];
}

it('when A holds C7, then B sees it held without reloading, B\'s pick is "just taken", and after A buys B sees it sold', async () => {
  const showtime = await createShowtime(t.context, { layout: theaterLayout('Race Room') });
  const [a, b, alice] = await twoCustomers(showtime.id);

  await seat(b, 'C7').click();
  await expectSeat(b, 'C7', 'selected');
  await seat(a, 'C7').click();
  await a.getByTestId('hold-button').click();
  await a.getByTestId('hold-panel').waitFor();
  await expectSeat(a, 'C7', 'mine');
  await expect(a.getByTestId('hold-countdown').textContent()).resolves.toMatch(/^[45]:\d\d$/);

  await expectSeat(b, 'C7', 'held');
  await b.getByTestId('message').filter({ hasText: 'C7 was just taken' }).waitFor();
  // An unavailable seat is aria-disabled but stays focusable, so it can still be pressed and explained.
  await seat(b, 'C7').press('Enter');
  await b.getByTestId('message').filter({ hasText: 'C7 is held by someone else' }).waitFor();
  await expect(b.getByTestId('hold-button').isDisabled()).resolves.toBe(true);

  await a.getByTestId('buy-button').click();
  await a.getByTestId('confirmation').filter({ hasText: 'C7' }).waitFor();
  await expectSeat(b, 'C7', 'sold');
  await expectSeat(a, 'C7', 'sold');
  await expect(seat(b, 'C7').getAttribute('aria-label')).resolves.toBe('Row C, seat 7, $12.50, sold');
  const bookings = await t.request.get('/api/bookings').set(alice.auth);
  expect(bookings.body.bookings.map((booking: { seats: string[] }) => booking.seats)).toEqual([['C7']]);
});

it("when B's hold request crosses A's on the wire, then the server's answer shows B \"just taken\" naming the seat", async () => {
  const showtime = await createShowtime(t.context, { layout: theaterLayout('Wire Room') });
  const [a, b] = await twoCustomers(showtime.id);
  // B's request waits at B's network edge until A's hold is in: the same race as two people a few
  // milliseconds apart, made repeatable.
  let letBobThrough!: () => void;
  const gate = new Promise<void>((resolve) => (letBobThrough = resolve));
  await b.route('**/api/showtimes/*/holds', async (route) => {
    await gate;
    await route.continue();
  });

  await seat(b, 'D5').click();
  await seat(b, 'D6').click();
  await b.getByTestId('hold-button').click();
  await seat(a, 'D6').click();
  await a.getByTestId('hold-button').click();
  await a.getByTestId('hold-panel').waitFor();
  letBobThrough();

  await b.getByTestId('message').filter({ hasText: 'Sorry, D6 was just taken by someone else' }).waitFor();
  await expectSeat(b, 'D6', 'held');
  await expectSeat(b, 'D5', 'selected');
  await expect(b.getByTestId('hold-panel').count()).resolves.toBe(0);
  const seats = await t.request.get(`/api/showtimes/${showtime.id}/seats`);
  const notFree = seats.body.seats
    .filter((each: { status: string }) => each.status !== 'available')
    .map((each: { label: string }) => each.label);
  expect(notFree).toEqual(['D6']);
});

it('when a customer uses only the keyboard, then Tab, arrows and Enter select and hold seats with spoken names', async () => {
  const showtime = await createTheaterShowtime(t.context, 'The Keyboard Matinee', 'Screen 2');
  const [a, b] = await twoCustomers(showtime.id);
  await seat(a, 'A2').click();
  await a.getByTestId('hold-button').click();
  await expectSeat(b, 'A2', 'held');

  await expect(b.getByRole('button', { name: 'Row A, seat 1, $12.50, wheelchair accessible, available' }).count()).resolves.toBe(1);
  await expect(b.getByRole('button', { name: 'Row A, seat 2, $12.50, held by someone else' }).count()).resolves.toBe(1);
  await expect(b.getByRole('button', { name: 'Row F, seat 9, $18.00, available' }).count()).resolves.toBe(1);

  const focused = () => focusedTestId(b);
  for (let presses = 0; !(await focused()).startsWith('seat-'); presses++) {
    if (presses > 30) throw new Error('Tab never reached the seat map');
    await b.keyboard.press('Tab');
  }
  expect(await focused()).toBe('seat-A1');
  await b.keyboard.press('ArrowDown');
  await b.keyboard.press('ArrowRight');
  expect(await focused()).toBe('seat-B2');
  await b.keyboard.press('Enter');
  await b.keyboard.press('ArrowRight');
  await b.keyboard.press('Enter');
  await expectSeat(b, 'B2', 'selected');
  await expectSeat(b, 'B3', 'selected');
  await expect(b.getByRole('button', { name: 'Row B, seat 3, $12.50, selected' }).getAttribute('aria-pressed')).resolves.toBe('true');

  for (let presses = 0; (await focused()) !== 'hold-button'; presses++) {
    if (presses > 200) throw new Error('Tab never reached the Hold button');
    await b.keyboard.press('Tab');
  }
  await b.keyboard.press('Enter');
  await b.getByTestId('hold-panel').filter({ hasText: 'B2, B3' }).waitFor();
  await expectSeat(b, 'B2', 'mine');
  await expectSeat(a, 'B3', 'held');

  // Every status on one map for docs/seat-map.png: sold, held by someone else, mine, selected.
  await seat(a, 'A3').click();
  await a.getByTestId('hold-button').click();
  await a.getByTestId('hold-panel').filter({ hasText: 'A3' }).getByTestId('buy-button').click();
  await expectSeat(b, 'A3', 'sold');
  await seat(b, 'D7').click();
  await seat(b, 'D8').click();
  await expectSeat(b, 'D8', 'selected');
  await screenshot(b, 'seat-map');
});
