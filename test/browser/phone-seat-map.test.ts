// Finding 3 of issue 19: the 252-seat demo room on a 390 × 844 phone. The page itself never scrolls
// sideways; the map starts with seats big enough to touch and its own visible scroll, with row letters
// and section names pinned to the edge; "−" zooms out until the whole room fits the width; the
// selection, total and Hold button sit in a bar pinned to the bottom of the screen; a pinch zooms too.
import { demoAuditoriums } from '../../src/demo-data';
import { createShowtime, registerUser } from '../support/factories';
import { expectSeat, openSeatPage, phone, seat, useBrowserServer } from './support/browser';
import { smallestBox } from './support/geometry';

const t = useBrowserServer();
const viewport = { width: 390, height: 844 };

it('on a phone the big room has 44 px seats, pinned row letters, a zoom that fits the width, and the total and Hold always in reach', async () => {
  const showtime = await createShowtime(t.context, { layout: demoAuditoriums[0]! });
  const alice = await registerUser(t.request, 'Alice');
  const { page } = await t.openAs(alice.token, phone);
  await openSeatPage(page, showtime.id);

  await expect(page.evaluate<number>('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(viewport.width);
  const seats = await smallestBox(page, '.seat-map .seat');
  expect(seats.count).toBe(252);
  expect(seats.width).toBeGreaterThanOrEqual(44);
  expect(seats.height).toBeGreaterThanOrEqual(44);

  // Scrolled all the way right, row A's letter and the section name are still on screen.
  const scroller = page.getByTestId('map-scroll');
  await scroller.evaluate((element: { scrollLeft: number; scrollWidth: number }) => void (element.scrollLeft = element.scrollWidth));
  await expect(scroller.evaluate((element: { scrollLeft: number }) => element.scrollLeft)).resolves.toBeGreaterThan(300);
  const label = (await page.getByTestId('row-label-A').boundingBox())!;
  expect(label.x).toBeGreaterThanOrEqual(0);
  expect(label.x + label.width).toBeLessThanOrEqual(viewport.width);
  const section = (await page.locator('.section-name span').first().boundingBox())!;
  expect(section.x).toBeGreaterThanOrEqual(0);

  // Picking seats near the top: the bar with the selection, its total and Hold is on screen at once.
  await scroller.evaluate((element: { scrollLeft: number }) => void (element.scrollLeft = 0));
  await seat(page, 'B7').tap();
  await seat(page, 'B8').tap();
  await expectSeat(page, 'B8', 'selected');
  const bar = (await page.getByTestId('seat-bar').boundingBox())!;
  expect(bar.y + bar.height).toBeLessThanOrEqual(viewport.height + 1);
  expect(bar.y).toBeGreaterThan(viewport.height - 200);
  await expect(page.getByTestId('selection-summary').textContent()).resolves.toMatch(/^B7, B8 · 2 tickets · total \D*25[.,]00/);
  const hold = (await page.getByTestId('hold-button').boundingBox())!;
  expect(hold.height).toBeGreaterThanOrEqual(44);
  expect(hold.y + hold.height).toBeLessThanOrEqual(viewport.height);

  // Zoom out until it fits, then back to touch size.
  const zoomOut = page.getByTestId('zoom-out');
  for (let step = 0; step < 5 && (await zoomOut.isEnabled()); step++) await zoomOut.tap();
  await expect(
    scroller.evaluate((element: { scrollWidth: number; clientWidth: number }) => element.scrollWidth <= element.clientWidth + 1),
  ).resolves.toBe(true);
  expect((await smallestBox(page, '.zoom')).height).toBeGreaterThanOrEqual(44);
  for (let step = 0; step < 5 && (await smallestBox(page, '.seat-map .seat')).width < 44; step++) await page.getByTestId('zoom-in').tap();
  expect((await smallestBox(page, '.seat-map .seat')).width).toBeGreaterThanOrEqual(44);

  // Two fingers pinching in on the map zoom it out (touch events through the devtools protocol).
  await seat(page, 'C7').scrollIntoViewIfNeeded();
  const box = (await scroller.boundingBox())!;
  const y = (await seat(page, 'C7').boundingBox())!.y + 10;
  const cdp = await page.context().newCDPSession(page);
  const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', points: [number, number][]) =>
    cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, at], id) => ({ x, y: at, id })) });
  await touch('touchStart', [
    [box.x + 60, y],
    [box.x + 300, y],
  ]);
  for (const step of [1, 2, 3, 4]) {
    await touch('touchMove', [
      [box.x + 60 + step * 25, y],
      [box.x + 300 - step * 25, y],
    ]);
  }
  await touch('touchEnd', []);
  expect((await smallestBox(page, '.seat-map .seat')).width).toBeLessThan(30);
});
