// A sold-out showtime in the browser: B joins the waitlist and watches its place; when A lets seats go,
// B's window shows an offer with its own countdown, B buys it, and finds it under My bookings.
import { createShowtime, registerUser } from '../support/factories';
import { expectSeat, openSeatPage, screenshot, seat, useBrowserServer } from './support/browser';

const t = useBrowserServer();

it('when B waits on a sold-out showtime and A releases, then B gets the offer banner, buys, and sees the booking', async () => {
  const showtime = await createShowtime(t.context, { rows: 1, seatsPerRow: 2, priceCents: 900 });
  const [alice, bob] = [await registerUser(t.request, 'Alice'), await registerUser(t.request, 'Bob')];
  const [a, b] = [(await t.openAs(alice.token)).page, (await t.openAs(bob.token)).page];
  await Promise.all([openSeatPage(a, showtime.id), openSeatPage(b, showtime.id)]);
  await expect(b.getByTestId('waitlist-panel').isHidden()).resolves.toBe(true);

  await seat(a, 'A1').click();
  await seat(a, 'A2').click();
  await a.getByTestId('hold-button').click();
  await a.getByTestId('hold-panel').waitFor();

  await b.getByTestId('waitlist-form').waitFor();
  await b.getByTestId('waitlist-party').fill('1');
  await b.getByTestId('waitlist-join').click();
  await b.getByTestId('waitlist-position').filter({ hasText: 'You are number 1 in line for 1 seat(s).' }).waitFor();

  await a.getByTestId('release-button').click();
  const offer = b.getByTestId('waitlist-offer');
  await offer.waitFor();
  await expect(b.getByTestId('offer-countdown').textContent()).resolves.toMatch(/^\d+:\d\d$/);
  const offered = (await offer.textContent())!.match(/A[12]/)![0];
  await expectSeat(b, offered, 'mine');
  await expectSeat(a, offered, 'held');
  await screenshot(b, 'waitlist-offer');

  await b.getByTestId('offer-buy').click();
  await b.getByTestId('confirmation').filter({ hasText: offered }).waitFor();
  await b.getByTestId('waitlist-status').filter({ hasText: 'You bought the seats offered to you.' }).waitFor();
  await expectSeat(a, offered, 'sold');

  b.on('dialog', (dialog) => void dialog.accept());
  await b.getByTestId('nav-bookings').click();
  const booking = b.getByTestId('booking');
  await booking.filter({ hasText: new RegExp(`Seats ${offered} · \\D*9[.,]00`) }).waitFor(); // with or without a currency sign
  await expect(booking.count()).resolves.toBe(1);
  await b.getByTestId('booking-cancel').click();
  await b.getByTestId('booking-status').filter({ hasText: 'cancelled' }).waitFor();
  const seats = (await t.request.get(`/api/showtimes/${showtime.id}/seats`)).body.seats;
  expect(seats.map((each: { label: string; status: string }) => [each.label, each.status]).sort()).toEqual([
    ['A1', 'available'],
    ['A2', 'available'],
  ]);
});
