// An automated accessibility check (axe-core, run inside the page) on the main screens at both
// viewports: no serious or critical violation on the showtimes list, a film page, the sign-in page, the seat page
// (with a selection and a basket) and My bookings.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { registerUser } from '../support/factories';
import { createTheaterShowtime, desktop, expectSeat, openSeatPage, phone, seat, useBrowserServer } from './support/browser';

const t = useBrowserServer();
const axeSource = readFileSync(resolve(__dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');

type Violation = { id: string; impact: string | null; nodes: { target: string[] }[] };

async function seriousViolations(page: Page) {
  // Through the devtools protocol, not page.addScriptTag: the app's CSP (script-src 'self') rightly
  // refuses an inline <script>, and the check must not need the CSP loosened.
  await page.evaluate(axeSource);
  const violations = await page.evaluate<Violation[]>(
    'window.axe.run(document, { resultTypes: ["violations"] }).then((result) => result.violations.map(({ id, impact, nodes }) => ({ id, impact, nodes: nodes.slice(0, 3).map((node) => ({ target: node.target })) })))',
  );
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

describe.each([
  ['desktop', desktop],
  ['phone', phone],
] as [string, BrowserContextOptions][])('on a %s', (_name, device) => {
  it('the main screens have no serious or critical axe violations', async () => {
    const showtime = await createTheaterShowtime(t.context, `Axe Film ${_name}`, `Axe Room ${_name}`);
    const alice = await registerUser(t.request, 'Alice');
    const anonymous = (await t.openAs(undefined, device)).page;
    await anonymous.goto('/');
    await anonymous.getByTestId('showtime-link').first().waitFor();
    expect(await seriousViolations(anonymous)).toEqual([]);
    await anonymous
      .getByTestId('film-link')
      .filter({ hasText: `Axe Film ${_name}` })
      .click();
    await anonymous.getByTestId('date-tab').first().waitFor();
    await anonymous.getByTestId('film-times').getByTestId('showtime-link').first().waitFor();
    expect(await seriousViolations(anonymous)).toEqual([]);
    await anonymous.goto('/login');
    await anonymous.locator('form').first().waitFor();
    expect(await seriousViolations(anonymous)).toEqual([]);

    const { page } = await t.openAs(alice.token, device);
    await openSeatPage(page, showtime.id);
    expect(await seriousViolations(page)).toEqual([]);
    await seat(page, 'D7').click();
    await page.getByTestId('hold-button').click();
    await expectSeat(page, 'D7', 'mine');
    await seat(page, 'D8').click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto('/bookings');
    await page.getByTestId('bookings').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
