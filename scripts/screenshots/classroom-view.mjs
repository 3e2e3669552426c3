// Screenshot of the live classroom view for docs/system-design/index.md: docs/images/classroom-view.png.
// Runs the real balancer demo (`scripts/demo/main.mjs balancer --short --classroom`: nginx, the cluster's
// instances on Postgres and Redis) and takes the picture a moment after one instance was killed, so the
// view shows it down while the others carry the load. Needs what the balancer demo needs.
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
  ['scripts/demo/main.mjs', 'balancer', '--short', '--classroom', '--classroomRecord', join(out, 'record.json'), '--out', out],
  {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const exited = new Promise((done) => demo.once('exit', done));
let viewUrl;
let killed;
const killSeen = new Promise((resolveKill, reject) => {
  const timer = setTimeout(() => reject(new Error('no kill within 180 s')), 180_000);
  createInterface({ input: demo.stdout }).on('line', (line) => {
    process.stdout.write(`${line}\n`);
    viewUrl ??= /classroom view: (\S+)/.exec(line)?.[1];
    if (/kill -9/.test(line) && !killed) {
      killed = true;
      clearTimeout(timer);
      resolveKill();
    }
  });
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  await killSeen;
  await page.goto(viewUrl);
  // Two snapshots after the kill: the killed instance is drawn down, the others with their load.
  await page.locator('.box.down').first().waitFor({ timeout: 20_000 });
  mkdirSync(join(root, 'docs', 'images'), { recursive: true });
  await page.screenshot({ path: join(root, 'docs', 'images', 'classroom-view.png') });
  console.log('wrote docs/images/classroom-view.png');
} finally {
  await browser.close();
  await exited;
  rmSync(out, { recursive: true, force: true });
}
