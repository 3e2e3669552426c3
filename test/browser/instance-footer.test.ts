// The footer names the instance that answered the page's API calls and the one holding its live-updates
// socket, so a class can watch a load balancer at work. The socket must be a websocket from the start:
// behind a round-robin balancer, long-polling requests would land on different instances.
import { createShowtime } from '../support/factories';
import { openSeatPage, screenshot, useBrowserServer } from './support/browser';

const t = useBrowserServer({ INSTANCE_ID: 'footer-test-1' });

it('when a page loads, then its footer names the instance that served it and the one its websocket is on', async () => {
  const showtime = await createShowtime(t.context);
  const { page } = await t.openAs();
  const polls: string[] = [];
  const websockets: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('transport=polling')) polls.push(request.url());
  });
  page.on('websocket', (socket) => websockets.push(socket.url()));

  await openSeatPage(page, showtime.id);
  const footer = page.getByTestId('instances');
  await page.locator('[data-testid="instances"][data-page="footer-test-1"][data-socket="footer-test-1"]').waitFor();
  await expect(footer.textContent()).resolves.toBe('Served by footer-test-1 · live updates via footer-test-1');
  expect(websockets).toEqual([expect.stringMatching(/\/socket\.io\/\?EIO=4&transport=websocket/)]);
  expect(polls).toEqual([]);
  await screenshot(page, 'instance-footer');
});
