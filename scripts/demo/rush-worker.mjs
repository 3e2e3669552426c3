// One load process of the rush demo: many simulated fans over real HTTP and socket.io. The parent sends
// { url, showtimeId, roomOn, fans: [{ index, offsetMs }], deadlineMs }; this worker registers its fans,
// answers 'ready', and on 'go' { startAt } runs each fan at startAt + offsetMs. Each fan gets its own
// X-Forwarded-For address (the service runs with TRUST_PROXY=1), so per-address rate limits see separate
// people, as they would in a real rush.
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let job;
const counts = { arrived: 0, admitted: 0, bought: 0, gaveUp: 0 };

async function call(fan, method, path, body, headers = {}) {
  const started = performance.now();
  const response = await fetch(`${job.url}${path}`, {
    method,
    headers: {
      'x-forwarded-for': fan.ip,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(fan.token ? { authorization: `Bearer ${fan.token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, ms: performance.now() - started };
}

async function register(fan) {
  const email = `fan-${fan.index}-${randomUUID().slice(0, 8)}@rush.test`;
  const res = await call(fan, 'POST', '/api/auth/register', { email, password: 'rush-demo-password', name: `Fan ${fan.index}` });
  if (res.status !== 201) throw new Error(`register answered ${res.status}: ${JSON.stringify(res.body)}`);
  fan.token = res.body.token;
}

const freeSeats = async (fan) => {
  const map = await call(fan, 'GET', `/api/showtimes/${job.showtimeId}/seats`);
  return map.status === 200 ? map.body.seats.filter((seat) => seat.status === 'available').map((seat) => seat.label) : [];
};

/** Queues and resolves when admitted (socket event or the 2 s poll, which is also the heartbeat). */
async function waitForAdmission(fan, result) {
  const joined = await call(fan, 'POST', `/api/showtimes/${job.showtimeId}/queue`);
  if (joined.status !== 201 && joined.status !== 200) return false;
  const ticket = joined.body.ticket;
  result.ticketId = ticket.id;
  result.early = ticket.position === null;
  if (ticket.status === 'admitted') return true;
  let admitted = false;
  fan.socket.on('queue:admitted', ({ ticketId }) => {
    if (ticketId === ticket.id) admitted = true;
  });
  let polled = Date.now();
  while (!admitted && Date.now() < job.deadline) {
    await sleep(100);
    if (Date.now() - polled < 2000) continue;
    polled = Date.now();
    const now = await call(fan, 'GET', `/api/queue/${ticket.id}`);
    if (now.body?.ticket?.status === 'admitted') admitted = true;
    else if (now.body?.ticket?.status !== 'waiting') return false;
    // Sold out while waiting: a real fan would leave the line.
    else if ((await freeSeats(fan)).length === 0) {
      await call(fan, 'DELETE', `/api/queue/${ticket.id}`);
      return false;
    }
  }
  return admitted;
}

async function runFan(fan) {
  const result = { index: fan.index, holds: 0, conflicts: 0, tooMany: 0, holdMs: [], outcome: 'gave up' };
  result.arrivedAt = Date.now();
  counts.arrived++;
  fan.socket = io(job.url, { auth: { token: fan.token }, extraHeaders: { 'x-forwarded-for': fan.ip }, transports: ['websocket'] });
  try {
    if (job.roomOn && !(await waitForAdmission(fan, result))) return result;
    result.admittedAt = Date.now();
    counts.admitted++;
    // Up to five tries: each picks 1-2 free seats at random from a fresh seat map.
    for (let attempt = 0; attempt < 5 && Date.now() < job.deadline; attempt++) {
      const free = await freeSeats(fan);
      if (free.length === 0) {
        result.outcome = 'sold out';
        return result;
      }
      const start = Math.floor(Math.random() * free.length);
      const seats = free.slice(start, start + 1 + (fan.index % 2)).slice(0, 2);
      const hold = await call(fan, 'POST', `/api/showtimes/${job.showtimeId}/holds`, { seats });
      result.holds++;
      result.holdMs.push(hold.ms);
      if (hold.status === 409) result.conflicts++;
      if (hold.status === 429) {
        result.tooMany++;
        await sleep(Math.min(3, Number(hold.body?.error?.details?.retryAfterSeconds ?? 1)) * 1000);
      }
      if (hold.status !== 201) continue;
      result.heldAt = Date.now();
      const key = randomUUID();
      for (let pay = 0; pay < 5; pay++) {
        const bought = await call(
          fan,
          'POST',
          `/api/holds/${hold.body.hold.id}/purchase`,
          { paymentToken: 'tok_visa' },
          { 'idempotency-key': key },
        );
        if (bought.status === 201) {
          result.boughtAt = Date.now();
          result.seats = seats.length;
          result.outcome = 'bought';
          counts.bought++;
          return result;
        }
        if (bought.status !== 503) break; // CHECKOUT_BUSY: the same key again after a moment
        await sleep(500);
      }
    }
    return result;
  } finally {
    if (result.outcome !== 'bought') counts.gaveUp++;
    fan.socket.close();
  }
}

process.on('message', async (message) => {
  if (message.type === 'prepare') {
    job = {
      ...message,
      fans: message.fans.map((f) => ({ ...f, ip: `10.${(f.index >> 16) & 255}.${(f.index >> 8) & 255}.${f.index & 255}` })),
    };
    for (let i = 0; i < job.fans.length; i += 10) await Promise.all(job.fans.slice(i, i + 10).map(register));
    process.send({ type: 'ready' });
  } else if (message.type === 'go') {
    job.deadline = message.startAt + job.deadlineMs;
    const progress = setInterval(() => process.send({ type: 'progress', counts }), 500);
    const results = await Promise.all(
      job.fans.map(async (fan) => {
        await sleep(Math.max(0, message.startAt + fan.offsetMs - Date.now()));
        return runFan(fan).catch((error) => ({
          index: fan.index,
          outcome: 'error',
          error: String(error),
          holds: 0,
          conflicts: 0,
          tooMany: 0,
          holdMs: [],
        }));
      }),
    );
    clearInterval(progress);
    process.send({ type: 'progress', counts });
    process.send({ type: 'done', results: results.map((r) => ({ ...r, startAt: message.startAt })) });
  }
});
