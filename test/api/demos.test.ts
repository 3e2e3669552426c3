// The classroom demos (scripts/demo/main.mjs) in their --short mode, each against the real service it
// starts itself: every test reads the summary.json the demo wrote and asserts what the run measured,
// relationally where the figures depend on the machine. docs/system-design/ cites these demos.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { io, type Socket } from 'socket.io-client';

const root = resolve(__dirname, '..', '..');
const out = mkdtempSync(join(tmpdir(), 'marquee-demos-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function runDemo(name: string, ...flags: string[]) {
  const folder = join(out, name);
  await promisify(execFile)(process.execPath, ['scripts/demo/main.mjs', name, '--short', '--out', folder, ...flags], {
    cwd: root,
    timeout: 90_000,
  });
  expect(readFileSync(join(folder, 'chart.svg'), 'utf8')).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  return JSON.parse(readFileSync(join(folder, 'summary.json'), 'utf8'));
}

it('when bots race for one seat, then each round has exactly one winner and every other bot gets 409 SEATS_UNAVAILABLE', async () => {
  const summary = await runDemo('race');
  const { bots, rounds } = summary.options;
  expect(summary.rounds).toHaveLength(rounds);
  for (const round of summary.rounds) {
    expect(round.bots).toBe(bots);
    expect(round.winners).toBe(1);
    expect(round.refused).toBe(bots - 1);
    expect(round.other).toBe(0);
    expect(round.seatStatusAfter).toBe('held');
    expect(round.viewerHeardMs).not.toBeNull();
  }
  expect(summary.totals).toEqual({ requests: bots * rounds, winners: rounds, refused: (bots - 1) * rounds, other: 0 });
  // A claim inserted behind the service's back is refused by the primary key.
  expect(summary.guard.secondClaimInsertedDirectly.refused).toBe(true);
  expect(summary.guard.secondClaimInsertedDirectly.error).toMatch(/UNIQUE constraint failed: SeatClaim\.showtimeId, SeatClaim\.seatLabel/);
}, 100_000);

it("when a demo runs with --classroom, then it prints the web app's view and an admin watching it saw the run: requests per second, the held seats", async () => {
  const folder = join(out, 'race-classroom');
  const demo = spawn(
    process.execPath,
    ['scripts/demo/main.mjs', 'race', '--short', '--out', folder, '--classroom', '--classroomWait', '60'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((done) => demo.once('exit', done));
  const lines: string[] = [];
  const printed = new Promise<RegExpExecArray>((found, fail) => {
    createInterface({ input: demo.stdout! }).on('line', (line) => {
      lines.push(line);
      const match = /^classroom view: (http:\/\/\S+)\/classroom {2}\(one instance; sign in as (\S+) \/ (\S+)\)$/.exec(line);
      if (match) found(match);
    });
    void exited.then(() => fail(new Error(`the demo ended without a classroom line:\n${lines.join('\n')}`)));
  });
  let watcher: Socket | undefined;
  try {
    const [, url, email, password] = await printed;
    // The printed login is the demo admin's, and the printed page is the web app's classroom route.
    const login: any = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    }).then((response) => response.json());
    expect(login.user.role).toBe('admin');
    const { instance }: any = await fetch(`${url}/healthz`).then((response) => response.json());
    const snapshots: any[] = [];
    watcher = io(url, { auth: { token: login.token }, transports: ['websocket'], reconnection: false });
    watcher.on('classroom:instance', (snapshot) => snapshots.push(snapshot));
    const ack = await watcher.timeout(10_000).emitWithAck('classroom:watch');
    expect(ack.ok).toBe(true);
    // The demo waited for the watcher, ran, and stopped its service (which closes the socket).
    expect(await exited).toBe(0);
    const summary = JSON.parse(readFileSync(join(folder, 'summary.json'), 'utf8'));
    expect(lines).toContain('  the view is watching; go');
    expect(snapshots.length).toBeGreaterThan(0);
    expect(snapshots.every((snapshot) => snapshot.instance === instance)).toBe(true);
    expect(snapshots.some((snapshot) => snapshot.requestsPerSecond > 0)).toBe(true);
    // The race left one held seat per round, and the view counted them.
    expect(Math.max(...snapshots.map((snapshot) => snapshot.activeHolds))).toBeLessThanOrEqual(summary.totals.winners);
    expect(snapshots.some((snapshot) => snapshot.activeHolds >= 1)).toBe(true);
  } finally {
    watcher?.disconnect();
    if (demo.exitCode === null) demo.kill('SIGKILL');
    await exited;
  }
}, 100_000);

it('when every hold lapses, then each holder hears hold:expired and the waitlist buys every seat, an ignored offer passing on', async () => {
  const summary = await runDemo('expiry');
  const { seats, waitlisters, ignoreEvery } = summary.options;
  expect(summary.holds).toBe(seats / 2);
  expect(summary.holdsExpired).toBe(seats / 2);
  expect(summary.waitlistJoined).toBe(waitlisters);
  expect(summary.seatsSold).toBe(seats);
  expect(summary.purchases).toBe(seats);
  // Every offer was either bought or ignored (and then expired and passed on).
  expect(summary.offers).toBe(summary.purchases + summary.offersIgnored);
  expect(summary.offersExpired).toBe(summary.offersIgnored);
  expect(summary.offersIgnored).toBeGreaterThanOrEqual(Math.floor(seats / (ignoreEvery - 1)) > 0 ? 1 : 0);
  expect(summary.expiredHeardLateMs.n).toBe(seats / 2);
  expect(summary.expiredHeardLateMs.p50).toBeGreaterThanOrEqual(0);
  expect(summary.viewersSawChangeMs.n).toBeGreaterThan(0);
}, 100_000);

it('when the same reads run with the cache on and off, then only the cached run has hits and it runs fewer SQL statements per read', async () => {
  const summary = await runDemo('cache');
  const [on, off] = summary.runs;
  expect([on.cache, off.cache]).toEqual([true, false]);
  expect(on.errors + off.errors).toBe(0);
  expect(on.reads).toBeGreaterThan(0);
  expect(off.reads).toBeGreaterThan(0);
  expect(on.cacheHits).toBeGreaterThan(0);
  expect(off.cacheHits + off.cacheMisses).toBe(0);
  expect(on.hitRatio).toBeGreaterThan(0.5);
  expect(off.sqlPerRead).toBeGreaterThan(on.sqlPerRead);
}, 100_000);

it('when a scraper, a hoarder and a guesser attack, then each is refused by its limit or cap and the customer is served throughout', async () => {
  const summary = await runDemo('abuse');
  expect(summary.scraper.rateLimited).toBeGreaterThan(0);
  expect(summary.scraper.other).toBe(0);
  expect(summary.rejectionsByLimiter.api).toBeGreaterThanOrEqual(summary.scraper.rateLimited);
  const hoard = summary.hoarder.steps;
  expect(hoard['one hold too big']).toEqual({ '400 VALIDATION_FAILED': 1 });
  expect(hoard['one showtime, past the per-showtime cap']['409 HOLD_LIMIT_EXCEEDED']).toBeGreaterThanOrEqual(1);
  expect(hoard['many showtimes, past the total cap']['409 SEAT_LIMIT_EXCEEDED']).toBeGreaterThanOrEqual(1);
  expect(hoard['hold and release, again and again']['429 hold-cycles']).toBeGreaterThanOrEqual(1);
  expect(summary.rejectionsByLimiter['hold-cycles']).toBeGreaterThanOrEqual(1);
  const guessed = summary.guesser['wrong password'];
  expect(guessed['401 UNAUTHENTICATED']).toBeLessThanOrEqual(10);
  expect(Object.keys(guessed).some((outcome) => outcome.startsWith('429'))).toBe(true);
  expect(summary.user.reads).toBeGreaterThan(0);
  expect(summary.user.readsOk).toBe(summary.user.reads);
  expect(summary.user.refused).toBe(0);
  expect(summary.user.held).toBe(true);
  expect(summary.user.bought).toBe(true);
}, 100_000);

it('when seat changes are placed on shards, then the load-aware directory is never worse than either hash and nobody beats the hottest showtime', async () => {
  const summary = await runDemo('sharding');
  const { requests } = summary.options;
  const at = summary.atShards;
  for (const placement of [at.byShowtime, at.byTheater, at.directory]) {
    expect(placement.loads.reduce((a: number, b: number) => a + b, 0)).toBe(requests);
    expect(placement.loads).toHaveLength(at.shards);
  }
  for (const point of summary.curve) {
    expect(point.directory).toBeLessThanOrEqual(Math.min(point.byShowtime, point.byTheater) + 1e-9);
    for (const ratio of [point.byShowtime, point.byTheater, point.directory]) expect(ratio).toBeGreaterThanOrEqual(point.floor - 1e-3);
  }
  // More shards cannot make the hottest showtime a smaller share of a shard's fair load.
  const floors = summary.curve.map((point: { floor: number }) => point.floor);
  expect([...floors].sort((a, b) => a - b)).toEqual(floors);
}, 30_000);
