// A load process of the cache demo. role 'reader': `concurrency` loops of public GETs (seat maps, the
// showtime list, one showtime, the films) until job.durationMs or job.maxRequests; role 'writer': one
// person holding and releasing a seat every job.writeEveryMs, so cached seat maps keep being invalidated.
import { request, sleep, workerMain } from './kit.mjs';

const pick = (list, r) => list[Math.floor(r * list.length) % list.length];

workerMain(async (job, startAt, report) => {
  await sleep(Math.max(0, startAt - Date.now()));
  // The first job.warmupMs are not counted: a cold process (JIT, connections) is not what is compared.
  const measureFrom = startAt + job.warmupMs;
  const end = measureFrom + job.durationMs;
  const latencies = [];
  const counts = { requests: 0, errors: 0, writes: 0 };
  if (job.role === 'writer') {
    for (let i = 0; Date.now() < end && i < 10_000; i++) {
      const showtimeId = pick(job.showtimeIds, Math.random());
      const held = await request(job.url, 'POST', `/api/showtimes/${showtimeId}/holds`, {
        person: job.person,
        body: { seats: [`B${(i % 10) + 1}`] },
      });
      if (held.status === 201) await request(job.url, 'DELETE', `/api/holds/${held.body.hold.id}`, { person: job.person });
      if (Date.now() >= measureFrom) counts.writes++;
      report(counts);
      await sleep(job.writeEveryMs);
    }
    return { latencies, counts };
  }
  let sent = 0;
  let reported = 0;
  const loop = async () => {
    while (Date.now() < end && sent < job.maxRequests) {
      sent++;
      const r = Math.random();
      const showtimeId = pick(job.showtimeIds, Math.random());
      const path =
        r < 0.5
          ? `/api/showtimes/${showtimeId}/seats`
          : r < 0.7
            ? `/api/showtimes/${showtimeId}`
            : r < 0.85
              ? '/api/showtimes'
              : '/api/movies';
      const started = Date.now();
      const res = await request(job.url, 'GET', path);
      if (started < measureFrom) continue;
      counts.requests++;
      if (res.status !== 200) counts.errors++;
      latencies.push(res.ms);
      if (Date.now() - reported > 500) {
        reported = Date.now();
        report(counts);
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, loop));
  report(counts);
  return { latencies, counts };
});
