// A load process of the balancer demo: `concurrency` loops through nginx for job.durationMs, each answer
// recorded with the instance that served it (X-Marquee-Instance). Three reads (an anonymous seat map) for
// every write (a signed-in hold of a free seat, then its release), so both kinds cross the kill.
import { request, sleep, workerMain } from './kit.mjs';

workerMain(async (job, startAt, report) => {
  await sleep(Math.max(0, startAt - Date.now()));
  const end = startAt + job.durationMs;
  const answers = [];
  const counts = { requests: 0, errors: 0 };
  let reported = 0;
  const record = (kind, res) => {
    answers.push({ kind, at: res.at, status: res.status, instance: res.instance, ms: Math.round(res.ms), error: res.error });
    counts.requests++;
    if (res.status === 0 || res.status >= 500) counts.errors++;
    if (Date.now() - reported > 500) {
      reported = Date.now();
      report(counts);
    }
  };
  const loop = async (n) => {
    const person = job.people[n % job.people.length];
    for (let i = 0; Date.now() < end && i < 50_000; i++) {
      if (i % 4 === 3) {
        const seat = `${String.fromCharCode(65 + (n % 10))}${(i % 20) + 1}`;
        const held = await request(job.url, 'POST', `/api/showtimes/${job.showtimeId}/holds`, { person, body: { seats: [seat] } });
        record('write', held);
        if (held.body?.hold?.id) record('write', await request(job.url, 'DELETE', `/api/holds/${held.body.hold.id}`, { person }));
      } else {
        record('read', await request(job.url, 'GET', `/api/showtimes/${job.showtimeId}/seats`));
      }
      if (job.pauseMs) await sleep(job.pauseMs);
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, (_, n) => loop(job.offset + n)));
  report(counts);
  return answers;
});
