// W0-W4. Each workload gets its own service on its own fresh database, sets up through the API (not
// timed), then drives it from separate processes. Each returns rows for the report.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { call, createShowtimes, createUsers } from './api.mjs';
import { percentiles, runLoad, sleep, startViewers } from './jobs.mjs';
import { createDatabase, startService } from './service.mjs';

/** Runs `work(service)` on a fresh service and database, always cleaning up. */
export async function withService(options, name, env, work) {
  const database = await createDatabase(options.db, name);
  let service;
  try {
    service = await startService(database, env);
    return await work(service);
  } finally {
    await service?.stop();
    await database.drop();
  }
}

function helloServer(kind) {
  return new Promise((resolve, reject) => {
    const child = fork(join(import.meta.dirname, 'hello-server.mjs'), [kind], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', ({ port }) => resolve({ url: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => child.kill() }));
    child.once('error', reject);
  });
}

export async function baselines(options) {
  const rows = {};
  for (const kind of ['node:http', 'express']) {
    const server = await helloServer(kind === 'express' ? 'express' : 'http');
    try {
      rows[kind] = await runLoad(
        `W0 ${kind} hello`,
        { scenario: 'get', url: server.url, path: '/', connections: options.connections, duration: options.duration },
        server.pid,
      );
    } finally {
      server.stop();
    }
  }
  return [
    { id: 'W0', name: 'node:http hello', ...rows['node:http'] },
    { id: 'W0', name: 'Express hello', ...rows.express },
  ];
}

/** W1: anonymous seat-map reads of a 300-seat showtime with 30 seats held, cache on, then off. */
export async function seatMapReads(options) {
  const rows = [];
  for (const cache of ['true', 'false']) {
    const result = await withService(options, 'w1', { CACHE_ENABLED: cache }, async (service) => {
      const { showtimeIds, labels } = await createShowtimes(service.url, { count: 1, rows: 15, perRow: 20 });
      const users = await createUsers(service.url, 3);
      for (let i = 0; i < 30; i++) {
        await call(service.url, 'POST', `/api/showtimes/${showtimeIds[0]}/holds`, {
          token: users[i % 3].token,
          body: { seats: [labels[i * 7]] },
        });
      }
      return runLoad(
        `W1 cache ${cache === 'true' ? 'on' : 'off'}`,
        {
          scenario: 'get',
          url: service.url,
          path: `/api/showtimes/${showtimeIds[0]}/seats`,
          connections: options.connections,
          duration: options.duration,
        },
        service.pid,
      );
    });
    rows.push({ id: 'W1', name: `seat map, cache ${cache === 'true' ? 'on' : 'off'}`, ...result });
  }
  return rows;
}

/**
 * W2's (showtime, seat, token) slots, one per hold. Slot k: showtime k mod 200, so consecutive requests
 * hit different showtimes, and user (k + j) mod 200 for the j-th seat of a showtime, so no user holds more
 * than 2 seats of one showtime (the cap is 10). 60,000 slots for 200 showtimes of 300 seats: a run that
 * used them all would go round again and meet 409s, shown in the codes.
 */
export function holdSlots(showtimeIds, labels, users) {
  const slots = [];
  for (let k = 0; k < showtimeIds.length * labels.length; k++) {
    const j = Math.floor(k / showtimeIds.length);
    slots.push([showtimeIds[k % showtimeIds.length], labels[j], users[(k + j) % users.length].token]);
  }
  return slots;
}

/** W2: 200 users hold distinct seats (one per request) across 200 showtimes, then every hold is released. */
export async function uncontendedHolds(options) {
  return withService(options, 'w2', {}, async (service) => {
    const { showtimeIds, labels } = await createShowtimes(service.url, { count: 200, rows: 15, perRow: 20 });
    const users = await createUsers(service.url, 200);
    const slots = holdSlots(showtimeIds, labels, users);
    const holds = await runLoad(
      'W2',
      { scenario: 'holds', url: service.url, connections: options.connections, duration: options.duration, slots },
      service.pid,
    );
    const made = holds.made;
    delete holds.made;
    const release = await runLoad(
      'W2',
      { scenario: 'release', url: service.url, connections: options.connections, holds: made },
      service.pid,
    );
    return [
      { id: 'W2', name: 'holds, distinct seats', ...holds },
      { id: 'W2', name: 'releases of those holds', ...release },
    ];
  });
}

/** W3: 200 users race for 10 seats, round after round; then the 409 path under 200 connections. */
export async function hotSeats(options) {
  return withService(options, 'w3', {}, async (service) => {
    const { showtimeIds, labels } = await createShowtimes(service.url, { count: 1, rows: 15, perRow: 20 });
    const users = await createUsers(service.url, 200);
    const hot = labels.slice(0, 10);
    const { perRound } = await runLoad('W3', {
      scenario: 'rounds',
      url: service.url,
      rounds: options.rounds,
      showtimeId: showtimeIds[0],
      labels: hot,
      users,
    });
    const totals = { rounds: perRound.length, exactWinnerRounds: 0, oversold: 0, statusCodes: {} };
    for (const round of perRound) {
      if (round.winners === hot.length) totals.exactWinnerRounds += 1;
      totals.oversold += round.oversold;
      for (const [code, n] of Object.entries(round.statusCodes)) totals.statusCodes[code] = (totals.statusCodes[code] ?? 0) + n;
    }
    for (let i = 0; i < hot.length; i++) {
      await call(service.url, 'POST', `/api/showtimes/${showtimeIds[0]}/holds`, { token: users[i].token, body: { seats: [hot[i]] } });
    }
    const conflict = await runLoad(
      'W3',
      {
        scenario: 'conflict',
        url: service.url,
        connections: 200,
        duration: options.duration,
        showtimeId: showtimeIds[0],
        labels: hot,
        tokens: users.slice(10).map((u) => u.token),
      },
      service.pid,
    );
    const map = await call(service.url, 'GET', `/api/showtimes/${showtimeIds[0]}/seats`);
    const heldAfter = map.body.seats.filter((seat) => seat.status !== 'available').length;
    return [
      { id: 'W3', name: `races: ${perRound.length} rounds x 200 users for 10 seats`, rounds: totals, heldAfter },
      { id: 'W3', name: '409 path, 200 connections', ...conflict },
    ];
  });
}

/**
 * W4: mixed load (80% reads, 15% holds, 4% purchases, 1% releases) over 10 showtimes while 1,000
 * socket.io viewers watch; a probe holds a seat of the reserved last row every 100 ms and the viewers
 * record when that seat's "held" change reaches them.
 */
export async function mixedWithViewers(options) {
  return withService(options, 'w4', {}, async (service) => {
    const { showtimeIds, labels } = await createShowtimes(service.url, { count: 10, rows: 15, perRow: 20 });
    const users = await createUsers(service.url, 200);
    const probeUsers = await createUsers(service.url, 20, 'probe');
    const probeLabels = labels.slice(-20);
    const viewers = await startViewers({
      url: service.url,
      count: options.viewers,
      processes: 4,
      showtimeIds,
      watch: probeLabels,
      mode: 'held',
    });
    console.log(`    W4 · ${options.viewers} viewers joined`);
    const probe = startProbe({ url: service.url, showtimeIds, labels: probeLabels, users: probeUsers });
    const mixed = await runLoad(
      'W4',
      {
        scenario: 'mixed',
        url: service.url,
        connections: options.connections,
        duration: options.duration,
        showtimeIds,
        labels: labels.slice(0, -20),
        users,
      },
      service.pid,
    );
    const probes = await probe.stop();
    await sleep(1000);
    const seen = await viewers.stop();
    return [
      { id: 'W4', name: `mixed load, ${seen.connected} viewers`, ...mixed },
      { id: 'W4', name: 'change → viewer', ...viewerLatency(probes, seen, options.viewers / showtimeIds.length) },
    ];
  });
}

/**
 * W4's probe: holds the next seat of `labels` (cycling over the showtimes first) every `everyMs`, one
 * request at a time, until stop() (or every seat was held once); stop() resolves with the holds it made:
 * "showtimeId:label" -> { sentAt, respondedAt, instance }.
 */
export function startProbe({ url, showtimeIds, labels, users, everyMs = 100 }) {
  const probes = new Map();
  let stopped = false;
  const running = (async () => {
    for (let i = 0; !stopped && i < showtimeIds.length * labels.length; i++) {
      const showtimeId = showtimeIds[i % showtimeIds.length];
      const label = labels[Math.floor(i / showtimeIds.length)];
      const sentAt = Date.now();
      const answer = await call(url, 'POST', `/api/showtimes/${showtimeId}/holds`, {
        token: users[i % users.length].token,
        body: { seats: [label] },
      });
      if (answer.status === 201) probes.set(`${showtimeId}:${label}`, { sentAt, respondedAt: Date.now(), instance: answer.instance });
      await sleep(everyMs);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await running;
      return probes;
    },
  };
}

/** The change → viewer figures of the probe's holds and the viewers' receipts ([key, at, instance?]). */
export function viewerLatency(probes, seen, viewersPerShowtime) {
  const fromResponse = [];
  const fromSend = [];
  for (const [key, at] of seen.receipts) {
    const sent = probes.get(key);
    if (!sent) continue;
    fromResponse.push(Math.max(0, at - sent.respondedAt));
    fromSend.push(at - sent.sentAt);
  }
  return {
    viewerLatency: { fromResponse: percentiles(fromResponse), fromSend: percentiles(fromSend) },
    probeHolds: probes.size,
    receipts: fromResponse.length,
    expectedReceipts: probes.size * viewersPerShowtime,
    viewerMessages: seen.messages,
  };
}
