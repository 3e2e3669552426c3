// The cluster demos (scripts/demo/main.mjs) in their --short mode: balancer (nginx in front of the
// cluster's instances, one killed with kill -9) and replica (a Postgres primary and a streaming replica of
// the demo's own). Each demo starts and removes everything it uses; the test reads its summary.json.
// Run with: node scripts/test-cluster.mjs test/cluster/demos.test.ts
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const root = resolve(__dirname, '..', '..');
const out = mkdtempSync(join(tmpdir(), 'marquee-cluster-demos-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function runDemo(name: string) {
  const folder = join(out, name);
  // The demos make Postgres databases of their own on the test's server.
  const server = (process.env.DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/test').replace(/\/[^/]*$/, '');
  await promisify(execFile)(process.execPath, ['scripts/demo/main.mjs', name, '--short', '--out', folder], {
    cwd: root,
    env: { ...process.env, BENCH_POSTGRES_URL: server },
    timeout: 170_000,
  });
  expect(readFileSync(join(folder, 'chart.svg'), 'utf8')).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  return JSON.parse(readFileSync(join(folder, 'summary.json'), 'utf8'));
}

it('when one instance is killed under load through nginx, then every instance served before it, the others carry on and it serves again', async () => {
  const summary = await runDemo('balancer');
  const ids = Array.from({ length: summary.options.instances }, (_, i) => `marquee-${i + 1}`);
  const served = ids.reduce((sum, id) => sum + summary.byInstance[id], 0);
  // Every answer but a failed one names the instance that gave it.
  expect(served + summary.errors).toBe(summary.requests);
  for (const id of ids) expect(summary.beforeKillShare[id]).toBeGreaterThan(0);
  expect(summary.servingAgainAfterSeconds).not.toBeNull();
  expect(summary.restartedAfterSeconds).not.toBeNull();
  // nginx retries a read on another instance when the connection fails; a write in flight may be lost.
  expect(summary.errorsByKind.read + summary.errorsByKind.write).toBe(summary.errors);
  expect(summary.errors).toBeLessThan(summary.requests / 20);
}, 180_000);

it('when writers read back right after a write, then their own map always shows it, while the delayed replica lacked it', async () => {
  const summary = await runDemo('replica');
  const [asIs, delayed] = summary.runs;
  for (const phase of summary.runs) {
    expect(phase.rounds).toBe(summary.options.writers * summary.options.rounds);
    expect(phase.ownReadsShowingOwnHold).toBe(phase.rounds);
    expect(phase.neverVisible).toBe(0);
  }
  expect(asIs.anonymousFromReplica).toBeGreaterThan(0);
  // Replaying late, the replica lacked most writes when their writers got the answer (an answer that took
  // longer than the delay on a busy machine may find it there), yet every own read was right.
  expect(delayed.replicaLackedItAtAnswer).toBeGreaterThan(delayed.rounds / 2);
  expect(delayed.replicaLackedItAtAnswer).toBeGreaterThan(asIs.replicaLackedItAtAnswer);
  expect(delayed.ownSawItWhileReplicaLacked).toBeGreaterThan(0);
  expect(delayed.replicaHadItAfterMs.p50).toBeGreaterThan(asIs.replicaHadItAfterMs.p50 ?? 0);
}, 180_000);
