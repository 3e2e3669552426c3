// A hold's countdown in the browser, with a hold time of a few seconds from config: the warning shows
// before the end, and at zero the seats come free in both windows without a reload.
import { createShowtime, registerUser } from '../support/factories';
import { expectSeat, openSeatPage, seat, useBrowserServer } from './support/browser';

const t = useBrowserServer({ HOLD_TTL_SECONDS: '3', HOLD_EXPIRING_WARNING_SECONDS: '2', HOLD_SWEEP_INTERVAL_MS: '200' });

it('when the countdown reaches zero, then the holder is told and the seats are free again in both windows', async () => {
  const showtime = await createShowtime(t.context, { rows: 5, seatsPerRow: 10, priceCents: 1250 });
  const [alice, bob] = [await registerUser(t.request, 'Alice'), await registerUser(t.request, 'Bob')];
  const [a, b] = [(await t.openAs(alice.token)).page, (await t.openAs(bob.token)).page];
  await Promise.all([openSeatPage(a, showtime.id), openSeatPage(b, showtime.id)]);

  await seat(a, 'E5').click();
  await seat(a, 'E6').click();
  await a.getByTestId('hold-button').click();
  await a.getByTestId('hold-panel').waitFor();
  await expect(a.getByTestId('hold-countdown').textContent()).resolves.toMatch(/^0:0[0-3]$/);
  await expectSeat(b, 'E5', 'held');
  await expectSeat(b, 'E6', 'held');

  await a.getByTestId('hold-expiring').waitFor();
  await a.getByTestId('message').filter({ hasText: 'Your hold on E5, E6 expired' }).waitFor();
  await expect(a.getByTestId('hold-panel').count()).resolves.toBe(0);
  for (const page of [a, b]) {
    await expectSeat(page, 'E5', 'available');
    await expectSeat(page, 'E6', 'available');
  }
  const hold = (await t.request.get('/api/holds').set(alice.auth)).body;
  expect(hold.holds).toEqual([]);
});
