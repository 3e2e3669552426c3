// Race: N bots (in several processes) ask for the same seat at the same instant, a few rounds, one seat
// a round. The database lets exactly one claim exist per seat (SeatClaim's primary key, taken inside the
// showtime's seat-ledger transaction), so each round has one 201 and N-1 409 SEATS_UNAVAILABLE, answered
// at once rather than queued. A socket viewer shows when everyone watching learned the seat was gone.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { io } from 'socket.io-client';
import { barChart, histogram } from './chart.mjs';
import * as kit from './kit.mjs';

export async function run({ short, flags }) {
  const o = kit.sizes(flags, short, { bots: 200, rounds: 3, workers: 4 }, { bots: 30, rounds: 2, workers: 2 });
  const roundGapMs = short ? 1500 : 3000;
  kit.log(
    `  ${o.bots} bots in ${o.workers} processes, ${o.rounds} round(s) of one seat each, sqlite, rate limits on (one address per bot)`,
  );
  const database = await kit.createDatabase('sqlite', 'race');
  const service = await kit.startService(database, { TRUST_PROXY: '1' });
  let viewer;
  try {
    const { showtimeIds } = await kit.createShowtimes(service.url, { count: 1, rows: 2, perRow: 10, name: 'Race' });
    const showtimeId = showtimeIds[0];
    const bots = await kit.registerPeople(service.url, o.bots, 'bot');
    kit.log(`  registered ${bots.length} bots`);
    const seats = Array.from({ length: o.rounds }, (_, r) => `A${r + 1}`);
    // A viewer's seat map over socket.io: when did it hear that each seat was taken?
    const heard = {};
    viewer = io(service.url, { transports: ['websocket'] });
    await new Promise((resolve, reject) => {
      viewer.once('connect_error', reject);
      viewer.emit('showtime:join', { showtimeId }, (ack) => (ack?.ok ? resolve() : reject(new Error('join refused'))));
    });
    viewer.on('seats:changed', ({ changes }) => {
      for (const change of changes) if (change.status === 'held' && !heard[change.label]) heard[change.label] = Date.now();
    });
    const perWorker = Array.from({ length: o.workers }, (_, w) => bots.filter((_, i) => i % o.workers === w));
    const load = await kit.startWorkers(join(import.meta.dirname, 'race-bots.mjs'), o.workers, (w) => ({
      url: service.url,
      showtimeId,
      seats,
      roundGapMs,
      bots: perWorker[w],
    }));
    const stop = kit.ticker(() => {
      const answered = load.progress.reduce((s, p) => s + (p.answered ?? 0), 0);
      return `  ${((Date.now() - load.startAt) / 1000).toFixed(1)} s  answered ${answered}/${o.bots * o.rounds}`;
    });
    const answers = (await load.done).flat();
    stop();
    // Let the last round's socket event arrive (bounded).
    for (let i = 0; i < 40 && seats.some((s) => !heard[s]); i++) await kit.sleep(50);
    const map = await kit.call(service.url, 'GET', `/api/showtimes/${showtimeId}/seats`);
    const rounds = seats.map((seat, r) => {
      const mine = answers.filter((a) => a.round === r);
      const winners = mine.filter((a) => a.status === 201);
      const refused = mine.filter((a) => a.status === 409 && a.code === 'SEATS_UNAVAILABLE');
      const sentAt = mine[0]?.sentAt;
      return {
        seat,
        bots: mine.length,
        winners: winners.length,
        refused: refused.length,
        other: mine.length - winners.length - refused.length,
        otherStatuses: [...new Set(mine.filter((a) => a.status !== 201 && a.status !== 409).map((a) => a.status))],
        // Which check said no: the seat check (cached map or live claims, before or inside the showtime's
        // transaction: "Just taken: A1") or the primary key itself ("A seat was just taken").
        refusedBySeatCheck: refused.filter((a) => a.message?.startsWith('Just taken')).length,
        refusedByPrimaryKey: refused.filter((a) => a.message === 'A seat was just taken').length,
        winnerMs: kit.round(winners[0]?.ms),
        refusedMs: {
          p50: kit.round(
            kit.percentile(
              refused.map((a) => a.ms),
              50,
            ),
          ),
          p99: kit.round(
            kit.percentile(
              refused.map((a) => a.ms),
              99,
            ),
          ),
          max: kit.round(Math.max(...refused.map((a) => a.ms))),
        },
        lastAnswerMs: kit.round(Math.max(...mine.map((a) => a.answeredAt)) - sentAt),
        viewerHeardMs: heard[seat] ? kit.round(heard[seat] - sentAt) : null,
        seatStatusAfter: map.body.seats.find((s) => s.label === seat)?.status,
      };
    });
    const refusedMs = answers.filter((a) => a.status === 409).map((a) => a.ms);
    const secondClaim = tryASecondClaim(database.url, showtimeId, seats[0]);
    const summary = {
      options: { ...o, database: 'sqlite', roundGapMs },
      guard: {
        primaryKey: 'prisma/models.prisma: model SeatClaim @@id([showtimeId, seatLabel])',
        insert: 'src/modules/seats/seat-claims.ts: seatClaims.claimForHold (INSERT INTO "SeatClaim")',
        conflict: 'src/modules/holds/hold-seats.use-case.ts: isUniqueViolation(error) -> SEATS_UNAVAILABLE',
        transaction: 'src/modules/seats/seat-ledger.ts: one seat-changing transaction per showtime',
        secondClaimInsertedDirectly: secondClaim,
      },
      rounds,
      totals: {
        requests: answers.length,
        winners: rounds.reduce((s, r) => s + r.winners, 0),
        refused: rounds.reduce((s, r) => s + r.refused, 0),
        other: rounds.reduce((s, r) => s + r.other, 0),
      },
      latencyMs: {
        all: {
          p50: kit.round(
            kit.percentile(
              answers.map((a) => a.ms),
              50,
            ),
          ),
          p99: kit.round(
            kit.percentile(
              answers.map((a) => a.ms),
              99,
            ),
          ),
        },
        refused: { p50: kit.round(kit.percentile(refusedMs, 50)), p99: kit.round(kit.percentile(refusedMs, 99)) },
      },
    };
    const bins = histogram(
      answers.map((a) => a.ms),
      12,
    );
    const winnerBins = histogram(
      answers.map((a) => a.ms),
      12,
    ).map(() => 0);
    const maxMs = Math.max(...answers.map((a) => a.ms));
    for (const a of answers.filter((x) => x.status === 201)) winnerBins[Math.min(11, Math.floor(a.ms / (maxMs / 12)))]++;
    const svg = barChart({
      title: `Race: ${o.bots} bots, one seat, ${o.rounds} round(s) — ${summary.totals.winners} winners, ${summary.totals.refused} refused (409)`,
      subtitle: `answer time of every request (ms); refused p50 ${summary.latencyMs.refused.p50} ms, p99 ${summary.latencyMs.refused.p99} ms`,
      series: ['409 SEATS_UNAVAILABLE', '201 the winner'],
      groups: bins.map((bin, i) => ({ label: bin.label, values: [bin.count - winnerBins[i], winnerBins[i]] })),
      yLabel: 'requests',
    });
    const table = kit.textTable([
      ...rounds.map((r) => [
        `round ${r.seat}`,
        `${r.winners} winner, ${r.refused} refused (409: ${r.refusedBySeatCheck} by the seat check, ${r.refusedByPrimaryKey} by the primary key), ${r.other} other; winner ${r.winnerMs} ms, refused p50/p99 ${r.refusedMs.p50}/${r.refusedMs.p99} ms, all answered within ${r.lastAnswerMs} ms, viewer heard at ${r.viewerHeardMs} ms; seat now ${r.seatStatusAfter}`,
      ]),
      ['the guard', `${summary.guard.primaryKey}; ${summary.guard.insert}; ${summary.guard.conflict}`],
      [
        'a second claim on A1 inserted straight into the database',
        secondClaim.refused ? `refused: ${secondClaim.error}` : 'ACCEPTED (the guard is missing!)',
      ],
    ]);
    return { summary, svg, table };
  } finally {
    viewer?.close();
    await service.stop();
    await database.drop();
  }
}

/**
 * The last line of defence, shown directly: a writer that skips every check and inserts a second claim
 * on a held seat straight into the database file is refused by SeatClaim's primary key.
 */
function tryASecondClaim(databaseUrl, showtimeId, seat) {
  const file = databaseUrl.replace(/^file:/, '');
  const db = new Database(file);
  try {
    db.prepare('INSERT INTO "SeatClaim" ("showtimeId", "seatLabel", "userId", "createdAt") VALUES (?, ?, ?, ?)').run(
      showtimeId,
      seat,
      'intruder',
      Date.now(),
    );
    return { refused: false, error: null };
  } catch (error) {
    return { refused: true, error: error.message };
  } finally {
    db.close();
  }
}
