// Screenshot of the web app's classroom view (/classroom) for docs/system-design/index.md:
// docs/images/classroom-view.png. Runs the real balancer demo with the view (`scripts/demo/main.mjs
// balancer --short --classroom`: nginx, the cluster's instances on Postgres and Redis), opens the printed
// page in chromium as the printed demo admin, and takes the picture just after one instance was killed,
// when its box has greyed out while the others carry the load. Needs what the balancer demo needs.
// Usage: node scripts/screenshots/classroom-view.mjs   (CHROMIUM_PATH overrides /usr/bin/chromium)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..', '..');
const out = mkdtempSync(join(tmpdir(), 'marquee-classroom-shot-'));
const demo = spawn(
  process.execPath,
  ['scripts/demo/main.mjs', 'balancer', '--short', '--classroom', '--classroomWait', '90', '--out', out],
  {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const exited = new Promise((done) => demo.once('exit', done));
const seen = (pattern, what) =>
  new Promise((found, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} within 240 s`)), 240_000);
    exited.then(() => reject(new Error(`the demo ended before the ${what}`)));
    lines.on('line', (line) => {
      const match = pattern.exec(line);
      if (match) {
        clearTimeout(timer);
        found(match);
      }
    });
  });
const lines = createInterface({ input: demo.stdout });
lines.on('line', (line) => process.stdout.write(`${line}\n`));
const printed = seen(/^classroom view: (\S+)\/classroom .*sign in as (\S+) \/ (\S+)\)$/, 'classroom line');
const killed = seen(/kill -9/, 'kill');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  const [, url, email, password] = await printed;
  const { token } = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  }).then((response) => response.json());
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 } });
  await context.addInitScript({ content: `localStorage.setItem('marquee.token', ${JSON.stringify(token)});` });
  const page = await context.newPage();
  await page.goto(`${url}/classroom`); // opening it lets the demo start its load
  await killed;
  // The killed instance's snapshots stop: its box greys out until the cluster has it back.
  await page
    .locator('[data-testid="classroom-instance"][data-state="stale"]')
    .first()
    .waitFor({ timeout: 15_000 })
    .catch(() => console.log('the killed instance came back before its box greyed out; taking the picture anyway'));
  mkdirSync(join(root, 'docs', 'images'), { recursive: true });
  await page.screenshot({ path: join(root, 'docs', 'images', 'classroom-view.png') });
  console.log('wrote docs/images/classroom-view.png');
} finally {
  await browser.close();
  await exited;
  rmSync(out, { recursive: true, force: true });
}
