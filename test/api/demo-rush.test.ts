// The rush demo (scripts/demo/rush.mjs) in its --short mode: it runs both rushes against the real service
// and writes a summary whose figures come from the run. Asserts what the run produced, never its speed.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const root = resolve(__dirname, '..', '..');
const out = mkdtempSync(join(tmpdir(), 'marquee-rush-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

it('when the demo runs in --short mode, then both runs sell seats and report finite fairness figures and an SVG', async () => {
  const db = process.env.DATABASE_URL?.startsWith('postgres') ? 'postgres' : 'sqlite';
  const env = { ...process.env, BENCH_POSTGRES_URL: process.env.DATABASE_URL?.replace(/\/[^/]*$/, '') };
  await promisify(execFile)(process.execPath, ['scripts/demo/rush.mjs', '--short', '--db', db, '--out', out], {
    cwd: root,
    env,
    timeout: 60_000,
  });
  const files = readdirSync(out);
  const json = files.find((file) => file.endsWith('.json')) as string;
  const svg = files.find((file) => file.endsWith('.svg')) as string;
  expect(readFileSync(join(out, svg), 'utf8')).toContain('<svg');
  const { runs } = JSON.parse(readFileSync(join(out, json), 'utf8'));
  expect(runs.map((run: any) => run.roomOn)).toEqual([false, true]);
  for (const run of runs) {
    expect(run.errors).toBe(0);
    expect(run.seatsSold).toBeGreaterThan(0);
    expect(run.successfulHolds).toBeGreaterThan(0);
    expect(Number.isFinite(run.conflictsPerHold)).toBe(true);
    expect(Number.isFinite(run.rateLimitedPerHold)).toBe(true);
    expect(Number.isFinite(run.holdLatencyMs.p99)).toBe(true);
    expect(run.serverCpu.seconds).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(run.arrivalVsPurchase)).toBe(true);
    expect(Number.isFinite(run.waitSeconds.p99)).toBe(true);
  }
  // The early arrivals of run B were placed by the draw; its correlation with arrival is a real number.
  expect(runs[1].earlyArrivals).toBeGreaterThanOrEqual(3);
  expect(Number.isFinite(runs[1].earlyArrivalVsDraw)).toBe(true);
});
