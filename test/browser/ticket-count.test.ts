// The flow of issue 19: how many tickets first, then the best seats together highlighted on the map
// (GET /api/showtimes/:id/best), changed by hand, and the orphan-seat warning before a hold that would
// leave one seat alone.
import { demoAuditoriums } from '../../src/demo-data';
import { createShowtime, registerUser } from '../support/factories';
import { expectSeat, openSeatPage, phone, seat, useBrowserServer } from './support/browser';

const t = useBrowserServer();

it('on a phone, choosing 3 tickets highlights the best 3 together; changed by hand, a stranded seat is warned about before the hold', async () => {
  const showtime = await createShowtime(t.context, { layout: demoAuditoriums[0]! });
  const alice = await registerUser(t.request, 'Alice');
  const { page } = await t.openAs(alice.token, phone);
  await openSeatPage(page, showtime.id);
  const best = (await t.request.get(`/api/showtimes/${showtime.id}/best?count=3`)).body.seats as string[];
  expect(best).toHaveLength(3);

  for (let tap = 0; tap < 3; tap++) await page.getByTestId('count-more').tap();
  await expect(page.getByTestId('ticket-count').textContent()).resolves.toBe('3');
  for (const label of best) await expectSeat(page, label, 'selected');
  await expect(page.locator('.seat-map [data-status="selected"]').count()).resolves.toBe(3);
  await page
    .getByTestId('message')
    .filter({ hasText: `Best seats together: ${best.join(', ')}` })
    .waitFor();

  // By hand: drop the suggestion and take C2 and C3 instead, which leaves C1 alone by the wall.
  for (const label of best) await seat(page, label).tap();
  for (const label of ['C2', 'C3']) await seat(page, label).tap();
  await expect(page.getByTestId('ticket-count').textContent()).resolves.toBe('2');
  const warned = new Promise<string>((resolve) =>
    page.once('dialog', (dialog) => {
      resolve(dialog.message());
      void dialog.accept();
    }),
  );
  await page.getByTestId('hold-button').tap();
  await expect(warned).resolves.toContain('C1'); // (the dialog listener resolves it; the test times out if none comes)
  await page.getByTestId('hold-panel').filter({ hasText: 'C2' }).waitFor();
  await expectSeat(page, 'C3', 'mine');
}, 120_000);
