// A load process of the abuse demo, one actor per process (job.role), each from its own address:
// - scraper: `concurrency` loops of public GETs as fast as answers come, for job.durationMs.
// - hoarder: one account trying to take more seats than the caps allow, then hold/release cycling.
// - guesser: wrong passwords against one account (job.victim), then the owner's right password.
// - user: a legitimate customer: a seat-map read every job.readEveryMs, one hold and its purchase.
// Every answer is recorded as { at, status, code, limiter }; limiter comes from the RateLimit header.
import { randomUUID } from 'node:crypto';
import { request, sleep, workerMain } from './kit.mjs';

// Every limiter a request passed adds itself to the RateLimit header (`"api"; r=12; t=42, "holds"; r=0; t=9`);
// the one that refused is the one with nothing left (r=0), the last such when several are empty.
const limiterOf = (res) => [...(res.rateLimit ?? '').matchAll(/"([^"]+)";\s*r=(\d+)/g)].filter((m) => m[2] === '0').at(-1)?.[1] ?? null;

async function send(job, method, path, options) {
  const started = Date.now();
  const res = await request(job.url, method, path, options);
  return {
    step: options?.step,
    holdId: res.body?.hold?.id,
    retryAfterMs: (res.body?.error?.details?.retryAfterSeconds ?? 1) * 1000,
    at: started,
    ms: res.ms,
    status: res.status,
    code: res.body?.error?.code,
    limiter: res.status === 429 ? limiterOf(res) : undefined,
    body: res.body,
  };
}

const actors = {
  async scraper(job, end, log) {
    const loop = async () => {
      for (let i = 0; Date.now() < end && i < 100_000; i++) {
        const showtimeId = job.showtimeIds[i % job.showtimeIds.length];
        log(await send(job, 'GET', i % 2 ? `/api/showtimes/${showtimeId}/seats` : '/api/showtimes', { person: job.person }));
      }
    };
    await Promise.all(Array.from({ length: job.concurrency }, loop));
  },

  async hoarder(job, runEnd, log) {
    // Its steps are few and bounded (maxCycles): on a busy machine it may finish after the others.
    const end = runEnd + 20_000;
    const person = job.person;
    const [first, ...others] = job.showtimeIds;
    const hold = (showtimeId, seats, step) => send(job, 'POST', `/api/showtimes/${showtimeId}/holds`, { person, body: { seats }, step });
    const row = (letter, from, n) => Array.from({ length: n }, (_, i) => `${letter}${from + i}`);
    // 1. One hold bigger than MAX_SEATS_PER_HOLD.
    log(await hold(first, row('A', 1, job.caps.perHold + 1), 'one hold too big'));
    // 2. One showtime, two seats at a time, past MAX_SEATS_PER_USER.
    for (let i = 0; i < job.caps.perUser / 2 + 1; i++)
      log(await hold(first, row('B', 2 * i + 1, 2), 'one showtime, past the per-showtime cap'));
    // 3. Other showtimes, as many seats as allowed each, past MAX_SEATS_PER_USER_TOTAL.
    for (const showtimeId of others) log(await hold(showtimeId, row('C', 1, job.caps.perUser), 'many showtimes, past the total cap'));
    // 4. Release everything, then hold and release one seat over and over (hoarding by cycling).
    const mine = await request(job.url, 'GET', '/api/holds', { person });
    for (const h of mine.body?.holds ?? []) await request(job.url, 'DELETE', `/api/holds/${h.id}`, { person });
    let refusedInARow = 0;
    for (let i = 0; i < job.maxCycles && Date.now() < end && refusedInARow < 3; i++) {
      const res = await hold(first, ['D1'], 'hold and release, again and again');
      log(res);
      // Told to slow down by the per-address limit, it waits as told; the per-user cycle limit is what stops it.
      if (res.status === 429 && res.limiter === 'api') {
        await sleep(Math.min(res.retryAfterMs, Math.max(0, end - Date.now())));
        continue;
      }
      refusedInARow = res.status === 201 ? 0 : refusedInARow + 1;
      if (res.holdId) await request(job.url, 'DELETE', `/api/holds/${res.holdId}`, { person });
    }
  },

  async guesser(job, end, log) {
    for (let i = 0; i < job.guesses && Date.now() < end; i++) {
      log(
        await send(job, 'POST', '/api/auth/login', {
          person: job.person,
          body: { email: job.victim.email, password: `guess-${i}-${randomUUID()}` },
          step: 'wrong password',
        }),
      );
    }
    // The owner, from their own address, with the right password, while the account's window lasts.
    log(
      await send(job, 'POST', '/api/auth/login', {
        person: { ip: job.victim.ip },
        body: { email: job.victim.email, password: job.victim.password },
        step: 'the owner logs in',
      }),
    );
  },

  async user(job, end, log) {
    const person = job.person;
    let bought = false;
    for (let i = 0; Date.now() < end && i < 10_000; i++) {
      log(await send(job, 'GET', `/api/showtimes/${job.showtimeIds[0]}/seats`, { person, step: 'read the seat map' }));
      if (!bought && Date.now() > job.buyAt) {
        bought = true;
        const held = await send(job, 'POST', `/api/showtimes/${job.showtimeIds[0]}/holds`, {
          person,
          body: { seats: ['J9', 'J10'] },
          step: 'hold two seats',
        });
        const holdId = held.body?.hold?.id;
        log(held);
        if (holdId) {
          log(
            await send(job, 'POST', `/api/holds/${holdId}/purchase`, {
              person,
              body: {},
              headers: { 'idempotency-key': randomUUID() },
              step: 'buy them',
            }),
          );
        }
      }
      await sleep(job.readEveryMs);
    }
  },
};

workerMain(async (job, startAt, report) => {
  await sleep(Math.max(0, startAt - Date.now()));
  const answers = [];
  const counts = { requests: 0, ok: 0, refused: 0 };
  let reported = 0;
  const log = (answer) => {
    delete answer.body;
    answers.push(answer);
    counts.requests++;
    if (answer.status < 300) counts.ok++;
    else counts.refused++;
    if (Date.now() - reported > 500) {
      reported = Date.now();
      report(counts);
    }
  };
  await actors[job.role](job, startAt + job.durationMs, log);
  report(counts);
  return answers;
});
