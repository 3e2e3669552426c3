// The waiting page in the browser: an admin turns the room on (open since a minute ago, one admission a
// minute); a fan who arrives behind two others sees their place and a progress bar, moves up, and goes to
// the seats when admitted. Admissions are driven by the fans ahead giving theirs back, never by the timer.
import { createAdmin, createShowtime, registerUser } from '../support/factories';
import { useBrowserServer } from './support/browser';

// The engine's own timer stays quiet: each admission below comes from a give-back, so the test decides when.
const t = useBrowserServer({ QUEUE_TICK_MS: '60000' });

it('when the room is on and a fan arrives behind others, then the waiting page shows the place and a bar, and moves to the seats once admitted', async () => {
  const showtime = await createShowtime(t.context, { rows: 1, seatsPerRow: 4 });
  const admin = await createAdmin(t.context, t.request);
  const opensAt = new Date(Date.now() - 60_000).toISOString();
  const set = await t.request
    .put(`/api/showtimes/${showtime.id}/waiting-room`)
    .set(admin.auth)
    .send({ enabled: true, opensAt, admitPerMinute: 1 });
  expect(set.status).toBe(200);
  await t.context.services.queue.tick(showtime.id); // the opening: one admission ready

  const [first, second, fan] = [await registerUser(t.request), await registerUser(t.request), await registerUser(t.request, 'Fan')];
  const admitted = (await t.request.post(`/api/showtimes/${showtime.id}/queue`).set(first.auth)).body.ticket;
  expect(admitted.status).toBe('admitted');
  const waiting = (await t.request.post(`/api/showtimes/${showtime.id}/queue`).set(second.auth)).body.ticket;
  expect(waiting).toMatchObject({ status: 'waiting', position: 1 });

  const { page } = await t.openAs(fan.token);
  await page.goto(`/showtimes/${showtime.id}`);
  await page.getByTestId('queue-position').filter({ hasText: 'Your place in line: 2' }).waitFor();
  await page.getByTestId('queue-progress').waitFor();
  await expect(page.getByTestId('queue-eta').textContent()).resolves.toMatch(/^Estimated wait: /);
  await expect(page.getByTestId('seat-A1').count()).resolves.toBe(0);

  expect((await t.request.delete(`/api/queue/${admitted.id}`).set(first.auth)).status).toBe(204);
  await page.getByTestId('queue-position').filter({ hasText: 'You are next.' }).waitFor();

  expect((await t.request.delete(`/api/queue/${waiting.id}`).set(second.auth)).status).toBe(204);
  await page.locator('[data-testid="live-status"][data-live="true"]').waitFor();
  await page.getByTestId('seat-A1').waitFor();
  await page.getByTestId('seat-A1').click();
  await page.getByTestId('hold-button').click();
  await page.getByTestId('hold-panel').waitFor();
});
