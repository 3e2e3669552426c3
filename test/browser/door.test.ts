// Tickets and the door in the browser: a customer's bookings show a QR per ticket and a printable page;
// door staff (made by an admin) sign in, open the door page, admit a real ticket (green, the count goes
// up) and are refused the second scan of the same code (red, "already checked in").
import { createAdmin, createShowtime, registerUser, type TestUser } from '../support/factories';
import { useBrowserServer } from './support/browser';

const t = useBrowserServer();

async function buyTickets(customer: TestUser, seats: string[]) {
  const showtime = await createShowtime(t.context, { rows: 6, seatsPerRow: 8 });
  const hold = await t.request.post(`/api/showtimes/${showtime.id}/holds`).set(customer.auth).send({ seats });
  const bought = await t.request
    .post(`/api/holds/${hold.body.hold.id}/purchase`)
    .set(customer.auth)
    .set('Idempotency-Key', 'door-test')
    .send({ paymentToken: 'tok_visa' });
  expect(bought.status).toBe(201);
  return { showtime, booking: bought.body.booking as { id: string; tickets: { id: string; seat: string; code: string }[] } };
}

it("when a customer opens My bookings, then each ticket's QR loads and the print page shows one ticket per seat", async () => {
  const customer = await registerUser(t.request);
  const { booking } = await buyTickets(customer, ['B2', 'B3']);
  const { page } = await t.openAs(customer.token);
  await page.goto('/bookings');
  await page.locator('[data-testid="ticket-qr"][data-loaded="true"]').nth(1).waitFor();
  expect(await page.getByTestId('ticket').count()).toBe(2);
  expect(await page.getByTestId('ticket-code').first().textContent()).toBe(booking.tickets[0]!.code.replace(/(.{4})(?=.)/g, '$1 '));

  await page.getByTestId('print-tickets').click();
  await page.locator('[data-testid="printed-ticket"] [data-testid="ticket-qr"][data-loaded="true"]').nth(1).waitFor();
  expect(await page.getByTestId('printed-ticket').count()).toBe(2);
  expect(page.url()).toBe(`${t.url}/bookings/${booking.id}/tickets`);
});

it('when staff admit a ticket at the door, then it is green and counted; the same code again is red, already checked in', async () => {
  const admin = await createAdmin(t.context, t.request);
  const staffEmail = 'usher@example.test';
  const made = await t.request.post('/api/staff').set(admin.auth).send({ email: staffEmail, password: 'usher-password', name: 'Usher' });
  expect(made.status).toBe(201);
  const customer = await registerUser(t.request);
  const { showtime, booking } = await buyTickets(customer, ['C4', 'C5']);
  const ticket = booking.tickets[0]!;

  const { page } = await t.openAs();
  await page.goto('/login?next=/door');
  await page.locator('input[name="email"]').fill(staffEmail);
  await page.locator('input[name="password"]').fill('usher-password');
  await page.getByTestId('auth-submit').click();
  await page.getByTestId('nav-door').waitFor();
  await page.getByTestId('door-code').waitFor();
  await page.getByLabel('Showtime').selectOption(showtime.id);
  await page.locator('[data-testid="door-count"][data-admitted="0"][data-sold="2"]').waitFor();

  await page.getByLabel('Ticket code').fill(ticket.code);
  await page.getByTestId('door-check').click();
  const result = page.getByTestId('door-result');
  await page.locator('[data-testid="door-result"][data-outcome="admitted"]').waitFor();
  expect(await page.getByTestId('door-headline').textContent()).toBe('Admitted — seat C4');
  await page.locator('[data-testid="door-count"][data-admitted="1"][data-sold="2"]').waitFor();
  expect(await page.getByTestId('door-count').textContent()).toBe('1 admitted of 2 sold · 1 still to come');

  await page.getByLabel('Ticket code').fill(ticket.code);
  await page.getByTestId('door-check').click();
  await page.locator('[data-testid="door-result"][data-outcome="refused"]').waitFor();
  expect(await page.getByTestId('door-headline').textContent()).toMatch(/^Already checked in at \d{1,2}:\d{2}/);
  expect(await result.getAttribute('aria-live')).toBe('assertive');
  await page.locator('[data-testid="door-count"][data-admitted="1"]').waitFor();
  const stored = await t.context.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
  expect(stored.checkedInBy).toBe(made.body.user.id);
});

it('when a customer opens the door page, then it is refused and there is no door link', async () => {
  const customer = await registerUser(t.request);
  const { page } = await t.openAs(customer.token);
  await page.goto('/door');
  await page.getByTestId('door-denied').waitFor();
  expect(await page.getByTestId('nav-door').count()).toBe(0);
});
