// Finding 4 of issue 19: messages are transient, dismissible, never over a control, and a message about
// a situation that is over ("C7 was just taken" once you pick again) goes away. On a phone, where the
// old message box sat fixed over the bottom of the map and the hold panel.
import { registerUser } from '../support/factories';
import { createTheaterShowtime, expectSeat, openSeatPage, phone, seat, useBrowserServer } from './support/browser';
import { controlsCoveredBy } from './support/geometry';

const t = useBrowserServer();

it('on a phone, "just taken" can be dismissed, goes when I pick again, and no message ever covers a button; messages leave by themselves', async () => {
  const showtime = await createTheaterShowtime(t.context, 'Toast Room', 'Toast Room');
  const [alice, bob] = [await registerUser(t.request, 'Alice'), await registerUser(t.request, 'Bob')];
  const { page } = await t.openAs(alice.token, phone);
  await openSeatPage(page, showtime.id);
  const message = page.getByTestId('message');
  const takeAsBob = async (label: string) =>
    expect(
      (
        await t.request
          .post(`/api/showtimes/${showtime.id}/holds`)
          .set(bob.auth)
          .send({ seats: [label] })
      ).status,
    ).toBe(201);

  await seat(page, 'H7').click();
  await takeAsBob('H7');
  await message.filter({ hasText: 'H7 was just taken' }).waitFor();
  expect(await controlsCoveredBy(page, '[data-testid="message"]')).toEqual([]);
  await page.getByRole('button', { name: 'Dismiss message' }).click();
  await expect(message.textContent()).resolves.toBe('');

  await seat(page, 'H8').click();
  await takeAsBob('H8');
  await message.filter({ hasText: 'H8 was just taken' }).waitFor();
  // Picking another seat: the stale sentence goes at once.
  await seat(page, 'G8').click();
  await expectSeat(page, 'G8', 'selected');
  await expect(message.textContent()).resolves.not.toContain('H8');

  await page.getByTestId('hold-button').click();
  await page.getByTestId('hold-panel').waitFor();
  await message.filter({ hasText: 'Held G8' }).waitFor();
  await page.getByTestId('buy-button').scrollIntoViewIfNeeded();
  expect(await controlsCoveredBy(page, '[data-testid="message"]')).toEqual([]);
  // Nothing to do about it: the message leaves by itself.
  await message.filter({ hasText: 'Held G8' }).waitFor({ state: 'detached', timeout: 15_000 });
  await expect(message.textContent()).resolves.toBe('');
});
