// Browser tests drive Debian's chromium through playwright-core against the real server: the web app is
// built with scripts/build-web.mjs into dist/web (which the app serves), and each test file starts its
// own server on a random port over a fresh database.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AppContext } from '../../../src/context';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { startTestServer } from '../../support/app';

const root = resolve(__dirname, '../../..');
export const outputFolder = join(root, 'test-output');

/** Builds the web bundle into dist/web. The build writes each file atomically, so parallel files are safe. */
export function buildWebApp() {
  execFileSync(process.execPath, [join(root, 'scripts/build-web.mjs')], { cwd: root, stdio: 'pipe' });
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * BROWSER_TEST_WEB_DIR=<folder with app.js and styles.css> makes every window load that build's script
 * and styles instead of dist/web's: how a new test is shown to fail against the app before a fix, without
 * touching the dist/web that other test files use. (index.html still comes from the server: a fulfilled
 * document would count as a public page, and chromium then blocks its websocket to 127.0.0.1.)
 */
async function serveOtherBuild(context: BrowserContext) {
  const folder = process.env.BROWSER_TEST_WEB_DIR;
  if (!folder) return;
  await context.route(
    (url) => url.pathname === '/app.js' || url.pathname === '/styles.css',
    (route) => route.fulfill({ path: join(folder, new URL(route.request().url()).pathname) }),
  );
}

/** The two viewports the app is tested at: a laptop, and a 390 × 844 phone with touch. */
export const desktop: BrowserContextOptions = { viewport: { width: 1280, height: 860 } };
export const phone: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** Uncaught exceptions and CSP violations from every page opened here; each test file expects none. */
const pageProblems: string[] = [];

/** A browser window for one user: its token is in localStorage before the app's script runs, as after a sign-in. */
export async function openAs(
  browser: Browser,
  baseURL: string,
  token?: string,
  device: BrowserContextOptions = desktop,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, ...device });
  await serveOtherBuild(context);
  if (token) await context.addInitScript({ content: `localStorage.setItem('marquee.token', ${JSON.stringify(token)});` });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text())) pageProblems.push(`CSP: ${message.text()}`);
  });
  return { context, page };
}

/**
 * The setup every browser test file shares: the web app built, a server over a fresh database and a
 * browser for the file, and no page errors or CSP violations after each test. Call at the top of a file.
 */
/** Fails the test file's current test on any page error or CSP violation collected so far. */
export const takePageProblems = () => pageProblems.splice(0);

export function useBrowserServer(overrides: Record<string, string> = {}) {
  let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
  let browser: Browser | undefined;
  const started = () => {
    if (!server || !browser) throw new Error('the server and browser start in beforeAll; use them inside a test or hook');
    return { server, browser };
  };

  beforeAll(async () => {
    buildWebApp();
    [server, browser] = await Promise.all([startTestServer(overrides), launchBrowser()]);
  });
  afterEach(() => expect(pageProblems.splice(0)).toEqual([]));
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  return {
    get url() {
      return started().server.url;
    },
    get request() {
      return started().server.request;
    },
    get context() {
      return started().server.context;
    },
    /** A new browser window for one user (anonymous without a token). */
    openAs: (token?: string, device?: BrowserContextOptions) => openAs(started().browser, started().server.url, token, device),
  };
}

/** Opens a showtime's seat page and waits until the live connection has its snapshot. */
export async function openSeatPage(page: Page, showtimeId: string) {
  await page.goto(`/showtimes/${showtimeId}`);
  await page.locator('[data-testid="live-status"][data-live="true"]').waitFor();
}

/** The data-testid of the focused element (test code has no DOM types, so the page evaluates a string). */
export const focusedTestId = (page: Page) => page.evaluate<string>("document.activeElement?.getAttribute('data-testid') ?? ''");

export const seat = (page: Page, label: string) => page.getByTestId(`seat-${label}`);

/** Waits until a seat shows a status (available | selected | mine | held | sold). */
export async function expectSeat(page: Page, label: string, status: string) {
  await page.locator(`[data-testid="seat-${label}"][data-status="${status}"]`).waitFor();
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(outputFolder, { recursive: true });
  const file = join(outputFolder, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A showtime of a named film in a theaterLayout room, starting tomorrow. */
export async function createTheaterShowtime(context: AppContext, title: string, room: string) {
  const { catalog } = context.services;
  const movie = await catalog.createMovie({ title, durationMinutes: 105, rating: 'PG' });
  const auditorium = await catalog.createAuditorium(theaterLayout(room));
  const startsAt = new Date(context.clock.now().getTime() + 24 * 3600_000);
  return catalog.createShowtime({ movieId: movie.id, auditoriumId: auditorium.id, startsAt: startsAt.toISOString() }, context.clock.now());
}

/** A small theatre for the screenshots: two aisles, two sections with prices, wheelchair seats in front. */
export function theaterLayout(name: string) {
  return {
    name,
    sections: [
      { name: 'Standard', priceCents: 1250 },
      { name: 'Premium', priceCents: 1800 },
    ],
    rows: Array.from({ length: 8 }, (_, i) => ({
      label: 'ABCDEFGH'[i]!,
      seats: 14,
      section: i >= 5 ? 'Premium' : 'Standard',
      offset: 0,
      gapsAfter: [3, 11],
      accessible: i === 0 ? [1, 14] : [],
    })),
  };
}
