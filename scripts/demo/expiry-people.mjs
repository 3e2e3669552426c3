// A load process of the expiry demo, in one of three roles (job.role), each person with its own socket:
// - holders: hold seats at staggered moments, then never buy; they hear hold:expiring and hold:expired.
// - waitlisters: join the waitlist once the show is sold out; on waitlist:offer most buy at once, every
//   job.ignoreEvery-th ignores the offer and lets it expire (it then passes to the next in line).
// - viewers: anonymous seat maps; they record every seats:changed with its arrival time.
// Stops when the seat map is all sold, or at job.deadline.
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { request, sleep, workerMain } from './kit.mjs';

function connect(url, person) {
  const socket = io(url, {
    transports: ['websocket'],
    auth: person.token ? { token: person.token } : {},
    extraHeaders: person.ip ? { 'x-forwarded-for': person.ip } : {},
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const soldOut = async (job) => {
  const map = await request(job.url, 'GET', `/api/showtimes/${job.showtimeId}/seats`);
  return map.status === 200 && map.body.seats.every((s) => s.status === 'sold');
};

const noneAvailable = async (job) => {
  const map = await request(job.url, 'GET', `/api/showtimes/${job.showtimeId}/seats`);
  return map.status === 200 && map.body.seats.every((s) => s.status !== 'available');
};

workerMain(async (job, startAt, report) => {
  const events = [];
  const counts = { held: 0, expired: 0, joined: 0, offers: 0, bought: 0, ignored: 0, seatEvents: 0 };
  const sockets = await Promise.all(job.people.map((person) => connect(job.url, person)));
  const record = (type, person, data) => events.push({ type, person: person.index, at: Date.now(), ...data });
  sockets.forEach((socket, i) => {
    const person = job.people[i];
    socket.on('hold:expiring', (e) => record('hold:expiring', person, e));
    socket.on('hold:expired', (e) => (counts.expired++, record('hold:expired', person, e)));
    socket.on('waitlist:expired', (e) => record('waitlist:expired', person, e));
    socket.on('waitlist:offer', async (offer) => {
      counts.offers++;
      record('waitlist:offer', person, offer);
      if (person.ignores) return void counts.ignored++;
      const bought = await request(job.url, 'POST', `/api/holds/${offer.holdId}/purchase`, {
        person,
        body: {},
        headers: { 'idempotency-key': randomUUID() },
      });
      if (bought.status === 201) counts.bought++;
      record('purchase', person, { status: bought.status, holdId: offer.holdId, seats: offer.seats });
    });
  });
  if (job.role === 'viewers') {
    await Promise.all(sockets.map((s) => new Promise((resolve) => s.emit('showtime:join', { showtimeId: job.showtimeId }, resolve))));
    sockets.forEach((socket, i) =>
      socket.on(
        'seats:changed',
        (e) => (counts.seatEvents++, record('seats:changed', job.people[i], { changes: e.changes, version: e.version })),
      ),
    );
  }
  await sleep(Math.max(0, startAt - Date.now()));
  if (job.role === 'holders') {
    for (const [i, person] of job.people.entries()) {
      await sleep(Math.max(0, startAt + i * job.staggerMs - Date.now()));
      const res = await request(job.url, 'POST', `/api/showtimes/${job.showtimeId}/holds`, { person, body: { seats: person.seats } });
      if (res.status === 201) counts.held++;
      report(counts);
      record('hold', person, {
        status: res.status,
        holdId: res.body?.hold?.id,
        expiresAt: Date.parse(res.body?.hold?.expiresAt),
        seats: person.seats,
      });
    }
  }
  if (job.role === 'waitlisters') {
    await sleep(Math.max(0, startAt + job.joinAfterMs - Date.now()));
    // One may join only a sold-out show: on a slow machine the last holds may still be on their way.
    for (let i = 0; i < 100 && !(await noneAvailable(job)); i++) await sleep(50);
    for (const person of job.people) {
      const res = await request(job.url, 'POST', `/api/showtimes/${job.showtimeId}/waitlist`, { person, body: { partySize: 1 } });
      if (res.status === 201) counts.joined++;
      report(counts);
      record('waitlist:join', person, { status: res.status, code: res.body?.error?.code, position: res.body?.entry?.position });
    }
  }
  let lastReport = 0;
  while (Date.now() < job.deadline) {
    if (Date.now() - lastReport > 500) {
      lastReport = Date.now();
      report(counts);
      if (await soldOut(job)) break;
    }
    await sleep(100);
  }
  report(counts);
  sockets.forEach((s) => s.close());
  return events;
});
