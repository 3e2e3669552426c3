// The film page of issue 19: synopsis, runtime and rating; date tabs for the days that have showtimes
// only; that day's times with "Sold out" and "Almost full" badges from the seat maps. On a phone.
import { gridLayout, registerUser } from '../support/factories';
import { phone, useBrowserServer } from './support/browser';

const t = useBrowserServer();

it('on a phone, a film page shows synopsis, runtime and rating, one tab per day with showtimes, and badges for full times', async () => {
  const { catalog } = t.context.services;
  const now = t.context.clock.now();
  const movie = await catalog.createMovie({
    title: 'The Long Intermission',
    durationMinutes: 125,
    rating: 'PG-13',
    description: 'A projectionist keeps the last cinema in town running for one more night.',
  });
  const at = (daysAhead: number, hour: number) => {
    const date = new Date(now);
    date.setDate(date.getDate() + daysAhead);
    date.setHours(hour, 0, 0, 0);
    return date.toISOString();
  };
  const room = async (name: string) => (await catalog.createAuditorium({ ...gridLayout(2, 5), name })).id;
  const create = async (name: string, startsAt: string) =>
    catalog.createShowtime({ movieId: movie.id, auditoriumId: await room(name), startsAt }, now);
  const soldOut = await create('Room One', at(1, 12));
  const almostFull = await create('Room Two', at(1, 15));
  const roomy = await create('Room Three', at(2, 12));
  const [bob, carol] = [await registerUser(t.request, 'Bob'), await registerUser(t.request, 'Carol')];
  const seats = (count: number) => ['A1', 'A2', 'A3', 'A4', 'A5', 'B1', 'B2', 'B3', 'B4', 'B5'].slice(0, count);
  expect(
    (
      await t.request
        .post(`/api/showtimes/${soldOut.id}/holds`)
        .set(bob.auth)
        .send({ seats: seats(10) })
    ).status,
  ).toBe(201);
  expect(
    (
      await t.request
        .post(`/api/showtimes/${almostFull.id}/holds`)
        .set(carol.auth)
        .send({ seats: seats(9) })
    ).status,
  ).toBe(201);

  const { page } = await t.openAs(undefined, phone);
  await page.goto('/');
  await page.getByTestId('film-link').filter({ hasText: 'The Long Intermission' }).click();
  await page.getByTestId('film-head').waitFor();
  await expect(page.title()).resolves.toBe('The Long Intermission · Marquee');
  await expect(page.getByTestId('film-synopsis').textContent()).resolves.toContain('last cinema in town');
  await expect(page.getByTestId('film-runtime').textContent()).resolves.toBe('2 h 5 min');
  await expect(page.getByTestId('film-rating').textContent()).resolves.toBe('Rated PG-13');

  const tabs = page.getByTestId('date-tab');
  await expect(tabs.count()).resolves.toBe(2);
  await expect(tabs.first().getAttribute('aria-selected')).resolves.toBe('true');
  const times = page.getByTestId('film-times');
  await times.locator(`[data-showtime-id="${almostFull.id}"]`).waitFor();
  const badgeOf = (id: string) => times.locator('li', { has: page.locator(`[data-showtime-id="${id}"]`) }).getByTestId('showtime-badge');
  await expect(badgeOf(soldOut.id).textContent()).resolves.toBe('Sold out');
  await expect(badgeOf(almostFull.id).textContent()).resolves.toBe('Almost full');

  await tabs.nth(1).tap();
  await times.locator(`[data-showtime-id="${roomy.id}"]`).waitFor();
  await expect(times.getByTestId('showtime-link').count()).resolves.toBe(1);
  await expect(badgeOf(roomy.id).count()).resolves.toBe(0);
});
