// Abuse: four actors at once against one service with its rate limits and seat caps on, each in its own
// process and from its own address (TRUST_PROXY=1, as behind one balancer): a scraper, a hoarder, a
// password guesser and one legitimate customer. The limits are the defaults scaled down in time so a
// few windows fit in the run (docs/abuse-protection.md has the full table). Counted from the answers and
// from /metrics (marquee_rate_limit_rejections_total by limiter).
import { join } from 'node:path';
import { lineChart } from './chart.mjs';
import * as kit from './kit.mjs';

const describe = (answer) =>
  answer.status === 429 ? `429 ${answer.limiter ?? ''}`.trim() : answer.code ? `${answer.status} ${answer.code}` : String(answer.status);

export async function run({ short, flags }) {
  const o = kit.sizes(
    flags,
    short,
    { seconds: 25, window: 10, apiPerWindow: 100, scraperLoops: 6 },
    { seconds: 6, window: 2, apiPerWindow: 60, scraperLoops: 3 },
  );
  const caps = { perHold: 10, perUser: 10, total: 20 };
  const env = {
    TRUST_PROXY: '1',
    RATE_LIMIT_WINDOW_SECONDS: String(o.window),
    RATE_LIMIT_API_PER_WINDOW: String(o.apiPerWindow),
    RATE_LIMIT_AUTH_PER_WINDOW: '10',
    RATE_LIMIT_AUTH_PER_ACCOUNT_PER_WINDOW: '10',
    RATE_LIMIT_HOLDS_PER_WINDOW: '30',
    RATE_LIMIT_HOLD_CYCLES_PER_SHOWTIME: '20',
    MAX_SEATS_PER_HOLD: String(caps.perHold),
    MAX_SEATS_PER_USER: String(caps.perUser),
    MAX_SEATS_PER_USER_TOTAL: String(caps.total),
  };
  kit.log(
    `  ${o.seconds} s; limits: api ${o.apiPerWindow}/${o.window} s per address, holds 30/${o.window} s and 20 hold cycles per showtime per user, login 10 failures/${o.window} s; caps ${caps.perHold} a hold, ${caps.perUser} a showtime, ${caps.total} in all`,
  );
  const database = await kit.createDatabase('sqlite', 'abuse');
  const service = await kit.startService(database, env);
  try {
    const { showtimeIds } = await kit.createShowtimes(service.url, { count: 4, rows: 10, perRow: 20, name: 'Abuse' });
    const [hoarder, user, victim] = await kit.registerPeople(service.url, 3, 'person', 200);
    const people = {
      scraper: { index: 66, ip: '10.66.0.1' },
      hoarder: { ...hoarder, ip: '10.13.0.1' },
      guesser: { index: 99, ip: '10.99.0.1' },
      user: { ...user, ip: '10.7.0.1' },
    };
    const roles = ['scraper', 'hoarder', 'guesser', 'user'];
    const durationMs = o.seconds * 1000;
    const load = await kit.startWorkers(join(import.meta.dirname, 'abuse-actors.mjs'), roles.length, (w) => ({
      role: roles[w],
      url: service.url,
      showtimeIds,
      durationMs,
      person: people[roles[w]],
      concurrency: o.scraperLoops,
      caps,
      maxCycles: 40,
      guesses: 15,
      victim: { ...victim, password: 'demo-password-123' },
      readEveryMs: 250,
      buyAt: 0,
    }));
    const stop = kit.ticker(() => {
      const line = roles.map((role, w) => `${role} ${load.progress[w].ok ?? 0} ok / ${load.progress[w].refused ?? 0} refused`).join('   ');
      return `  ${((Date.now() - load.startAt) / 1000).toFixed(0).padStart(3)} s  ${line}`;
    }, 2000);
    const [scraper, hoard, guesses, customer] = await load.done;
    stop();
    const rejections = {};
    for (const limiter of ['api', 'auth-ip', 'auth-account', 'holds', 'hold-cycles'])
      rejections[limiter] = await kit.metricSum(service.url, 'marquee_rate_limit_rejections_total', { limiter });
    const steps = (answers) => {
      const out = {};
      for (const a of answers) {
        out[a.step] ??= {};
        out[a.step][describe(a)] = (out[a.step][describe(a)] ?? 0) + 1;
      }
      return out;
    };
    const heldSeats = hoard.filter((a) => a.status === 201 && a.step !== 'hold and release, again and again').length;
    const summary = {
      options: { ...o, caps, env },
      scraper: {
        requests: scraper.length,
        ok: scraper.filter((a) => a.status === 200).length,
        rateLimited: scraper.filter((a) => a.status === 429).length,
        other: scraper.filter((a) => a.status !== 200 && a.status !== 429).length,
      },
      hoarder: { steps: steps(hoard), holdsGranted: heldSeats },
      guesser: steps(guesses),
      user: {
        steps: steps(customer),
        reads: customer.filter((a) => a.step === 'read the seat map').length,
        readsOk: customer.filter((a) => a.step === 'read the seat map' && a.status === 200).length,
        held: customer.some((a) => a.step === 'hold two seats' && a.status === 201),
        bought: customer.some((a) => a.step === 'buy them' && a.status === 201),
        refused: customer.filter((a) => a.status >= 400).length,
      },
      rejectionsByLimiter: rejections,
    };
    // Answers per second: the scraper's, split into served and refused, and the customer's.
    const perSecond = (answers, keep) => {
      const buckets = new Map();
      for (const a of answers.filter(keep)) {
        const s = Math.floor((a.at - load.startAt) / 1000);
        buckets.set(s, (buckets.get(s) ?? 0) + 1);
      }
      return Array.from({ length: o.seconds }, (_, s) => [s, buckets.get(s) ?? 0]);
    };
    const svg = lineChart({
      title: `Abuse: a scraper gets ${summary.scraper.rateLimited} x 429 while the customer is served ${summary.user.readsOk}/${summary.user.reads}`,
      subtitle: `api limit ${o.apiPerWindow} per ${o.window} s per address; hoarder held ${heldSeats} times before the caps; guesser: ${JSON.stringify(summary.guesser['wrong password'])}`,
      lines: [
        { name: 'scraper served /s', points: perSecond(scraper, (a) => a.status === 200) },
        { name: 'scraper 429 /s', points: perSecond(scraper, (a) => a.status === 429) },
        { name: 'customer served /s', points: perSecond(customer, (a) => a.status < 300) },
        { name: 'hoarder refused /s', points: perSecond(hoard, (a) => a.status >= 400) },
      ],
      xLabel: 'seconds since start',
      yLabel: 'answers per second',
    });
    const fmtSteps = (s) =>
      Object.entries(s).map(
        ([step, outcomes]) =>
          `${step}: ${Object.entries(outcomes)
            .map(([k, v]) => `${v} x ${k}`)
            .join(', ')}`,
      );
    const table = kit.textTable([
      [
        'scraper',
        `${summary.scraper.requests} GETs: ${summary.scraper.ok} served, ${summary.scraper.rateLimited} x 429, ${summary.scraper.other} other`,
      ],
      ...fmtSteps(summary.hoarder.steps).map((line) => ['hoarder', line]),
      ...fmtSteps(summary.guesser).map((line) => ['guesser', line]),
      [
        'customer',
        `${summary.user.readsOk}/${summary.user.reads} seat-map reads served; held: ${summary.user.held}, bought: ${summary.user.bought}; refused ${summary.user.refused}`,
      ],
      [
        '429s by limiter (/metrics)',
        Object.entries(rejections)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
      ],
    ]);
    return { summary, svg, table };
  } finally {
    await service.stop();
    await database.drop();
  }
}
