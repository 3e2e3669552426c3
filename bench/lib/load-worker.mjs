// A load generator in its own process (forked by the bench, never inside the service). It gets one job
// over IPC, runs autocannon (or the W3 rounds), sends progress each second and then the result.
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';

const pick = (list) => list[Math.floor(Math.random() * list.length)];
const json = (token) => ({ 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) });

function summarize(result, extra = {}) {
  const statusCodes = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stats.count;
  return {
    requests: result.requests.total,
    seconds: result.duration,
    rps: result.requests.total / result.duration,
    latency: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, mean: result.latency.mean },
    statusCodes,
    errors: result.errors,
    timeouts: result.timeouts,
    ...extra,
  };
}

function run(label, options) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ pipelining: 1, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
    let seconds = 0;
    let total = 0;
    instance.on('tick', ({ counter }) => {
      seconds += 1;
      total += counter;
      process.send({ type: 'progress', label, seconds, requests: total });
    });
  });
}

const scenarios = {
  /** One GET path, the same for every request (baselines, seat-map reads). */
  async get({ url, connections, duration, path, token }) {
    const result = await run('GET', { url: url + path, connections, duration, headers: token ? { authorization: `Bearer ${token}` } : {} });
    return summarize(result);
  },

  /** W2: each request holds the next distinct (showtime, seat) with its user's token; then every hold is released. */
  async holds({ url, connections, duration, slots }) {
    let next = 0;
    const made = [];
    const result = await run('holds', {
      url,
      connections,
      duration,
      requests: [
        {
          method: 'POST',
          setupRequest(request, context) {
            const [showtimeId, label, token] = slots[next++ % slots.length];
            context.token = token;
            return {
              ...request,
              path: `/api/showtimes/${showtimeId}/holds`,
              headers: json(token),
              body: JSON.stringify({ seats: [label] }),
            };
          },
          onResponse(status, body, context) {
            if (status === 201) made.push({ id: JSON.parse(body).hold.id, token: context.token });
          },
        },
      ],
    });
    return summarize(result, { slotsUsed: Math.min(next, slots.length), slotsAvailable: slots.length, made });
  },

  /** W2's second half: DELETE every hold in `holds` ([{ id, token }]) once. */
  async release({ url, connections, holds }) {
    let next = 0;
    const result = await run('release', {
      url,
      connections,
      amount: holds.length,
      requests: [
        {
          method: 'DELETE',
          setupRequest(request) {
            const hold = holds[next++ % holds.length];
            return { ...request, path: `/api/holds/${hold.id}`, headers: { authorization: `Bearer ${hold.token}` } };
          },
        },
      ],
    });
    return summarize(result);
  },

  /** W3's 409 path: every request asks for one of the already-held seats. */
  async conflict({ url, connections, duration, showtimeId, labels, tokens }) {
    const result = await run('409 path', {
      url,
      connections,
      duration,
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => ({
            ...request,
            path: `/api/showtimes/${showtimeId}/holds`,
            headers: json(pick(tokens)),
            body: JSON.stringify({ seats: [pick(labels)] }),
          }),
        },
      ],
    });
    return summarize(result);
  },

  /** W3's rounds: `racers` users at once, each asking for one of `labels`; the winners release; repeat. */
  async rounds({ url, rounds, showtimeId, labels, users }) {
    const perRound = [];
    for (let round = 0; round < rounds; round++) {
      const answers = await Promise.all(
        users.map(async (user, i) => {
          const label = labels[i % labels.length];
          try {
            const response = await fetch(`${url}/api/showtimes/${showtimeId}/holds`, {
              method: 'POST',
              headers: json(user.token),
              body: JSON.stringify({ seats: [label] }),
            });
            const body = await response.json().catch(() => ({}));
            return { status: response.status, label, holdId: body.hold?.id, token: user.token };
          } catch (error) {
            return { status: 'error', label, error: String(error) };
          }
        }),
      );
      const winnersBySeat = {};
      const statusCodes = {};
      for (const answer of answers) {
        statusCodes[answer.status] = (statusCodes[answer.status] ?? 0) + 1;
        if (answer.status === 201) winnersBySeat[answer.label] = (winnersBySeat[answer.label] ?? 0) + 1;
      }
      const winners = answers.filter((answer) => answer.status === 201);
      const oversold = Object.values(winnersBySeat).reduce((sum, n) => sum + Math.max(0, n - 1), 0);
      for (const winner of winners) {
        await fetch(`${url}/api/holds/${winner.holdId}`, { method: 'DELETE', headers: { authorization: `Bearer ${winner.token}` } });
      }
      perRound.push({ winners: winners.length, oversold, statusCodes });
      process.send({ type: 'progress', label: 'rounds', seconds: round + 1, requests: (round + 1) * users.length, unit: 'rounds' });
    }
    return { perRound };
  },

  /** W4: 80% seat-map reads, 15% holds, 4% purchases, 1% releases; purchases and releases use own holds. */
  async mixed({ url, connections, duration, showtimeIds, labels, users }) {
    const pool = [];
    const byOp = {};
    const count = (op, status) => {
      byOp[op] ??= {};
      byOp[op][status] = (byOp[op][status] ?? 0) + 1;
    };
    const result = await run('mixed', {
      url,
      connections,
      duration,
      requests: [
        {
          setupRequest(request, context) {
            const r = Math.random();
            if (r >= 0.8 && r < 0.95) {
              const user = pick(users);
              context.op = 'hold';
              context.token = user.token;
              return {
                ...request,
                method: 'POST',
                path: `/api/showtimes/${pick(showtimeIds)}/holds`,
                headers: json(user.token),
                body: JSON.stringify({ seats: [pick(labels)] }),
              };
            }
            if (r >= 0.95 && pool.length > 0) {
              const hold = pool.splice(Math.floor(Math.random() * pool.length), 1)[0];
              if (r < 0.99) {
                context.op = 'purchase';
                return {
                  ...request,
                  method: 'POST',
                  path: `/api/holds/${hold.id}/purchase`,
                  headers: { ...json(hold.token), 'idempotency-key': randomUUID() },
                  body: '{}',
                };
              }
              context.op = 'release';
              return {
                ...request,
                method: 'DELETE',
                path: `/api/holds/${hold.id}`,
                headers: { authorization: `Bearer ${hold.token}` },
                body: undefined,
              };
            }
            context.op = 'read';
            return { ...request, method: 'GET', path: `/api/showtimes/${pick(showtimeIds)}/seats`, headers: {}, body: undefined };
          },
          onResponse(status, body, context) {
            count(context.op, status);
            if (context.op === 'hold' && status === 201) pool.push({ id: JSON.parse(body).hold.id, token: context.token });
          },
        },
      ],
    });
    return summarize(result, { byOp });
  },
};

process.once('message', async (job) => {
  try {
    const result = await scenarios[job.scenario](job);
    process.send({ type: 'result', result }, () => process.exit(0));
  } catch (error) {
    process.send({ type: 'error', error: String(error?.stack ?? error) }, () => process.exit(1));
  }
});
