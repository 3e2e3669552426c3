// In a room whose orphan-seat rule is 'warn', the web app warns before holding seats that would leave one
// empty on its own: the person can step back (nothing is held) or hold anyway.
import { createShowtime, gridLayout, registerUser } from '../support/factories';
import { expectSeat, openSeatPage, seat, useBrowserServer } from './support/browser';
import { waitFor } from '../support/wait';

const t = useBrowserServer();

it('when a pick would strand a seat in a warn room, then the page asks first; declining holds nothing, accepting holds', async () => {
  const showtime = await createShowtime(t.context, { layout: { ...gridLayout(2, 6), orphanRule: 'warn' } });
  const alice = await registerUser(t.request, 'Alice');
  const { page } = await t.openAs(alice.token);
  await openSeatPage(page, showtime.id);
  const questions: string[] = [];
  let answer = false;
  page.on('dialog', (dialog) => {
    questions.push(dialog.message());
    void (answer ? dialog.accept() : dialog.dismiss());
  });

  await seat(page, 'A2').click();
  await seat(page, 'A3').click();
  await page.getByTestId('hold-button').click();
  await waitFor('the question', () => questions.length === 1);
  expect(questions[0]).toContain('A1');
  expect((await t.request.get('/api/holds').set(alice.auth)).body.holds).toEqual([]);

  answer = true;
  await page.getByTestId('hold-button').click();
  await page.getByTestId('hold-panel').waitFor();
  expect(questions).toHaveLength(2);
  await expectSeat(page, 'A2', 'mine');
  expect((await t.request.get('/api/holds').set(alice.auth)).body.holds.map((hold: { seats: string[] }) => hold.seats)).toEqual([
    ['A2', 'A3'],
  ]);

  // A pick that strands nothing is held without a question.
  await seat(page, 'B1').click();
  await seat(page, 'B2').click();
  await page.getByTestId('hold-button').click();
  await waitFor('the second hold', async () => (await t.request.get('/api/holds').set(alice.auth)).body.holds.length === 2);
  expect(questions).toHaveLength(2);
});
