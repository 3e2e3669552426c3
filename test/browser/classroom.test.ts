// The classroom view in the web app (/classroom): an admin sees this instance's box with its figures,
// and a hold made over HTTP changes the holds figure on the page, live over the socket.
import { createAdmin, createShowtime, registerUser } from '../support/factories';
import { screenshot, useBrowserServer } from './support/browser';

const t = useBrowserServer();

it('when an admin opens /classroom, then the instance box shows its figures and a new hold raises the holds figure', async () => {
  const showtime = await createShowtime(t.context);
  const admin = await createAdmin(t.context, t.request);
  const customer = await registerUser(t.request);
  const { context, page } = await t.openAs(admin.token);
  try {
    await page.goto('/');
    await page.getByTestId('nav-classroom').click();
    await page.waitForURL('**/classroom');
    const box = page.locator(`[data-testid="classroom-instance"][data-instance="${t.context.instance.id}"]`);
    await box.waitFor();
    expect(await box.getAttribute('data-state')).toBe('ok');
    const holds = box.locator('[data-figure="holds"] .cv-number');
    const before = Number(await holds.textContent());
    expect(Number.isInteger(before)).toBe(true);
    expect(Number(await box.locator('[data-figure="sockets"] .cv-number').textContent())).toBeGreaterThanOrEqual(1);
    await expect(page.getByTestId('classroom-diagram').textContent()).resolves.toMatch(/Primary database.*Waiting room.*Checkout lanes/s);

    const hold = await t.request
      .post(`/api/showtimes/${showtime.id}/holds`)
      .set(customer.auth)
      .send({ seats: ['C1', 'C2'] });
    expect(hold.status).toBe(201);
    await box.locator('[data-figure="holds"] .cv-number', { hasText: new RegExp(`^${before + 1}$`) }).waitFor();
    await box.locator('[data-figure="requests"] .cv-number').filter({ hasNotText: /^0$/ }).waitFor();
    await screenshot(page, 'classroom-view');
  } finally {
    await context.close();
  }
});

it('when a customer opens /classroom, then the page says it is for admins and no classroom link is in the menu', async () => {
  const customer = await registerUser(t.request);
  const { context, page } = await t.openAs(customer.token);
  try {
    await page.goto('/classroom');
    await page.getByTestId('classroom-denied').waitFor();
    expect(await page.getByTestId('nav-classroom').count()).toBe(0);
    expect(await page.getByTestId('classroom-diagram').count()).toBe(0);
  } finally {
    await context.close();
  }
});
