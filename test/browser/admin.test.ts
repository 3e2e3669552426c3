// The admin dashboard in the browser: an admin signs in, creates a movie, an auditorium from the simple
// layout form and a showtime; a new customer registers and finds that showtime with the right seat map.
import { createAdmin } from '../support/factories';
import { screenshot, seat, useBrowserServer } from './support/browser';

const t = useBrowserServer();

/** "2030-01-02T19:30" for a datetime-local input, in the browser's (= this machine's) time zone. */
function localInputValue(date: Date) {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

it('when an admin creates a movie, an auditorium and a showtime, then a customer sees that showtime and its layout', async () => {
  const admin = await createAdmin(t.context, t.request);
  const { page } = await t.openAs();
  await page.goto('/login?next=/admin');
  await page.locator('input[name="email"]').fill(admin.email);
  await page.locator('input[name="password"]').fill('admin-password-1');
  await page.getByTestId('auth-submit').click();
  await page.getByTestId('movie-form').waitFor();
  await page.getByTestId('admin-stats').filter({ hasText: 'Active holds' }).waitFor();

  const movieForm = page.getByTestId('movie-form');
  await movieForm.locator('input[name="title"]').fill('Night of the Aisle');
  await movieForm.locator('input[name="durationMinutes"]').fill('95');
  await movieForm.getByRole('button', { name: 'Create movie' }).click();
  await page.getByTestId('message').filter({ hasText: 'Created the movie Night of the Aisle.' }).waitFor();

  const roomForm = page.getByTestId('auditorium-form');
  await roomForm.locator('input[name="name"]').fill('Studio Nine');
  await roomForm.locator('input[name="rows"]').fill('4');
  await roomForm.locator('input[name="seatsPerRow"]').fill('6');
  await roomForm.locator('input[name="aisles"]').fill('3');
  await roomForm.locator('input[name="accessible"]').fill('1');
  await roomForm.locator('textarea[name="sections"]').fill('Standard, 9.50, 3\nPremium, 14.00');
  await roomForm.getByRole('button', { name: 'Create auditorium' }).click();
  await page.getByTestId('message').filter({ hasText: 'Created Studio Nine with 24 seats.' }).waitFor();

  const startsAt = new Date(Date.now() + 2 * 24 * 3600_000);
  startsAt.setHours(19, 30, 0, 0);
  await page.getByTestId('showtime-movie').selectOption({ label: 'Night of the Aisle' });
  await page.getByTestId('showtime-auditorium').selectOption({ label: 'Studio Nine (24 seats)' });
  await page.getByTestId('showtime-starts-at').fill(localInputValue(startsAt));
  await page.getByTestId('showtime-form').getByRole('button', { name: 'Schedule showtime' }).click();
  await page.getByTestId('message').filter({ hasText: 'Scheduled Night of the Aisle in Studio Nine' }).waitFor();
  const { showtimes } = (await t.request.get('/api/showtimes')).body;
  expect(showtimes).toHaveLength(1);
  expect(showtimes[0].startsAt).toBe(startsAt.toISOString());

  await page.getByTestId('watched-showtime').selectOption(showtimes[0].id);
  await page.getByTestId('fairness-log').filter({ hasText: 'Waitlist fairness log: 0 record(s), chain verified ✓.' }).waitFor();
  await page.getByTestId('activity-feed').filter({ hasText: 'No activity yet.' }).waitFor();
  await screenshot(page, 'admin-dashboard');

  const customer = (await t.openAs()).page;
  await customer.goto('/login');
  await customer.getByTestId('auth-switch').click();
  await customer.locator('input[name="name"]').fill('Carmen');
  await customer.locator('input[name="email"]').fill('carmen@example.test');
  await customer.locator('input[name="password"]').fill('carmen-password');
  await customer.getByTestId('auth-submit').click();
  await customer.getByTestId('signed-in-as').filter({ hasText: 'Carmen' }).waitFor();
  const link = customer.getByTestId('showtime-link');
  await link.filter({ hasText: 'Studio Nine' }).waitFor();
  await expect(customer.getByTestId('showtimes').textContent()).resolves.toContain('Night of the Aisle');
  await link.click();

  await seat(customer, 'D6').waitFor();
  await expect(customer.getByTestId('seat-map').locator('button').count()).resolves.toBe(24);
  await expect(seat(customer, 'A1').getAttribute('aria-label')).resolves.toBe('Row A, seat 1, $9.50, wheelchair accessible, available');
  await expect(seat(customer, 'D2').getAttribute('aria-label')).resolves.toBe('Row D, seat 2, $14.00, available');
  // The aisle after seat 3 is an empty column: seat 4 sits two columns after seat 3.
  await expect(seat(customer, 'B3').getAttribute('data-column')).resolves.toBe('2');
  await expect(seat(customer, 'B4').getAttribute('data-column')).resolves.toBe('4');
});

it('when the app is served over plain http, then its CSP allows only its own script and styles and never upgrades them to https', async () => {
  const page = await t.request.get('/showtimes/any-page');
  expect(page.status).toBe(200);
  expect(page.text).toContain('<script src="/app.js" defer></script>');
  const policy = String(page.headers['content-security-policy']);
  expect(policy).toContain("script-src 'self'");
  expect(policy).toContain("default-src 'self'");
  // Over http on a LAN address (two laptops in a classroom) an upgrade would send /app.js to https and fail.
  expect(policy).not.toContain('upgrade-insecure-requests');
  expect((await t.request.get('/api/nope')).status).toBe(404);
});
