// What the screenshot scripts share: build, run the real service on port 0 over a fresh SQLite file with
// the demo data, call its API, and a headless Debian chromium (CHROMIUM_PATH overrides /usr/bin/chromium).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

export const root = resolve(import.meta.dirname, '..', '..');
export const images = join(root, 'docs', 'images');

/** The server (tsc to dist/) and the web app; `webOnly` when the service runs from src/ through tsx. */
export function build({ webOnly = false } = {}) {
  if (!webOnly)
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [join(root, 'scripts/build-web.mjs')], { cwd: root, stdio: 'inherit' });
}

/** Starts the service on port 0; resolves with its URL once it logs "Marquee is listening". */
function startService(databaseUrl, { fromSource, env }) {
  const args = fromSource ? ['--import', 'tsx', 'src/main.ts'] : [join(root, 'dist/main.js')];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      SEED_DEMO_DATA: 'true',
      RATE_LIMIT_ENABLED: 'false',
      BCRYPT_COST: '4',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolveUrl, reject) => {
    child.once('exit', (code) => reject(new Error(`the service exited (${code}) before listening`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const url = /"url":"(http:[^"]+)".*Marquee is listening/.exec(line)?.[1];
      if (url) resolveUrl({ url, child });
    });
  });
}

/** Runs `work({url, browser})` against a fresh demo service and a browser, then stops and removes both. */
export async function withDemoService(work, { fromSource = false, env = {} } = {}) {
  mkdirSync(images, { recursive: true });
  const folder = mkdtempSync(join(tmpdir(), 'marquee-screenshots-'));
  const { url, child } = await startService(`file:${join(folder, 'demo.db')}`, { fromSource, env });
  const browser = await chromium.launch({
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
  try {
    await work({ url, browser });
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
    rmSync(folder, { recursive: true, force: true });
  }
}

/** One API call; throws with the status and body unless it succeeded. */
export async function call(base, method, path, { token, body, headers = {} } = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = response.status === 204 ? {} : await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(payload)}`);
  return payload;
}
