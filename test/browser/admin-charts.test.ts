// The sales charts in the admin dashboard (chromium): chart.js comes in its own script, loaded only by
// the dashboard; the occupancy chart shows film titles and percentages, and after a purchase the next
// refresh of the dashboard redraws it with the new numbers.
import { createAdmin, registerUser } from '../support/factories';
import { createTheaterShowtime, screenshot, useBrowserServer } from './support/browser';

const t = useBrowserServer();

/** Waits (in the page, no string eval: the CSP forbids it) until the occupancy chart's first sold value is `sold`. */
const soldPercentIs = (_sold: number) => (expected: number) =>
  (globalThis as any).MarqueeAdminCharts?.charts.occupancy?.data.datasets[0].data[0] === expected;

const occupancy = `(() => {
  const chart = window.MarqueeAdminCharts?.charts.occupancy;
  return chart ? { labels: chart.data.labels, data: chart.data.datasets.map((set) => [set.label, ...set.data]) } : null;
})()`;

it('when a purchase happens while the admin watches, then the occupancy chart changes at the next refresh', async () => {
  const admin = await createAdmin(t.context, t.request);
  const showtime = await createTheaterShowtime(t.context, 'Chart Topper', 'Screen Chart'); // 112 seats, row A at 12.50
  const customer = await registerUser(t.request);

  // A customer page never loads the charts' script.
  const { page: customerPage } = await t.openAs(customer.token);
  await customerPage.goto('/');
  await customerPage.getByTestId('showtime-link').first().waitFor();
  await expect(customerPage.evaluate('document.querySelectorAll(\'script[src="/admin-charts.js"]\').length')).resolves.toBe(0);

  const { page } = await t.openAs(admin.token);
  await page.goto('/admin');
  await page.getByTestId('occupancy-chart').waitFor();
  await expect(page.evaluate('document.querySelectorAll(\'script[src="/admin-charts.js"]\').length')).resolves.toBe(1);
  await page.waitForFunction(soldPercentIs(0), 0);
  const before = (await page.evaluate(occupancy)) as { labels: string[]; data: unknown[][] };
  expect(before.labels[0]).toMatch(/^Chart Topper · /);
  expect(before.labels[0]).not.toContain(showtime.id);
  expect(before.data).toEqual([
    ['Sold', 0],
    ['Held', 0],
    ['Free', 100],
  ]);

  const hold = await t.request
    .post(`/api/showtimes/${showtime.id}/holds`)
    .set(customer.auth)
    .send({ seats: ['A4', 'A5', 'A6', 'A7'] });
  expect(hold.status).toBe(201);
  const bought = await t.request
    .post(`/api/holds/${hold.body.hold.id}/purchase`)
    .set(customer.auth)
    .set('Idempotency-Key', 'chart-1')
    .send({});
  expect(bought.status).toBe(201);
  const held = await t.request
    .post(`/api/showtimes/${showtime.id}/holds`)
    .set(customer.auth)
    .send({ seats: ['B1', 'B2'] });
  expect(held.status).toBe(201);

  // 4 of 112 sold (3.57 %), 2 held (1.79 %): the dashboard's next refresh redraws the chart.
  await page.waitForFunction(soldPercentIs(3.57), 3.57);
  expect(((await page.evaluate(occupancy)) as { data: unknown[][] }).data).toEqual([
    ['Sold', 3.57],
    ['Held', 1.79],
    ['Free', 94.64],
  ]);
  // The same numbers, as a manager reads them: counts, percentages and money in the currency.
  await page.getByTestId('report-tables').locator('summary').click();
  const row = page.getByTestId('occupancy-table').locator('tbody tr').first();
  await expect(row.textContent()).resolves.toMatch(/^Chart Topper · .*Screen Chart4 \(3\.6 %\)2 \(1\.8 %\)106 \(94\.6 %\)\$50\.00$/);
  await expect(page.getByTestId('revenue-film-table').textContent()).resolves.toContain('Chart Topper4$50.00');
  const filmChart = (await page.evaluate('window.MarqueeAdminCharts.charts.films.data.labels')) as string[];
  expect(filmChart).toEqual(['Chart Topper']);
  await screenshot(page, 'admin-charts');
});

it('when the admin renames a film and cancels a showtime from the programme list, then the buyer’s booking says why and a showtime with sales refuses to be deleted', async () => {
  const admin = await createAdmin(t.context, t.request);
  const showtime = await createTheaterShowtime(t.context, 'Doomed Feature', 'Screen Doom');
  const buyer = await registerUser(t.request);
  const hold = await t.request
    .post(`/api/showtimes/${showtime.id}/holds`)
    .set(buyer.auth)
    .send({ seats: ['C3'] });
  const bought = await t.request.post(`/api/holds/${hold.body.hold.id}/purchase`).set(buyer.auth).set('Idempotency-Key', 'doom-1').send({});
  expect(bought.status).toBe(201);

  const { page } = await t.openAs(admin.token);
  await page.goto('/admin');
  const movieRow = page.getByTestId(`programme-movie-${showtime.movieId}`);
  await movieRow.locator('input').fill('Doomed Feature (35 mm)');
  await movieRow.getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('message').filter({ hasText: 'Renamed to Doomed Feature (35 mm).' }).waitFor();

  const row = page.getByTestId(`programme-showtime-${showtime.id}`);
  await row.getByPlaceholder('Reason for cancelling').fill('Snow storm');
  await row.getByTestId('cancel-showtime').click();
  await page
    .getByTestId('message')
    .filter({ hasText: 'Cancelled Doomed Feature (35 mm): 1 booking(s) cancelled, 0 hold(s) released, 1 customer(s) told.' })
    .waitFor();
  await page.locator(`[data-testid="programme-showtime-${showtime.id}"][data-status="cancelled"]`).waitFor();
  const booking = (await t.request.get(`/api/bookings/${bought.body.booking.id}`).set(buyer.auth)).body.booking;
  expect(booking).toMatchObject({ status: 'cancelled', cancelReason: 'Snow storm' });
  const { page: buyerPage } = await t.openAs(buyer.token);
  await buyerPage.goto('/bookings');
  await buyerPage.getByTestId('booking-cancel-reason').filter({ hasText: 'Cancelled by the theater: Snow storm' }).waitFor();

  // A showtime with sales cannot be deleted: the refusal is said in words.
  const other = await createTheaterShowtime(t.context, 'Kept Feature', 'Screen Kept');
  const sold = await t.request
    .post(`/api/showtimes/${other.id}/holds`)
    .set(buyer.auth)
    .send({ seats: ['A4'] });
  await t.request.post(`/api/holds/${sold.body.hold.id}/purchase`).set(buyer.auth).set('Idempotency-Key', 'kept-1').send({});
  await page.reload();
  await page.getByTestId(`programme-showtime-${other.id}`).getByRole('button', { name: 'Delete' }).click();
  await page.getByTestId('message').filter({ hasText: 'This showtime has bookings: cancel it instead' }).waitFor();
});
