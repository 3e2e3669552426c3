// A load process of the replica demo: each writer, round after round, holds a free seat and at once reads
// the seat map twice, as itself (must show its hold: read-your-writes) and anonymously (may come from the
// replica, which may not have replayed the hold yet); then it polls anonymously until the hold shows,
// Then it asks the replica database itself (a direct SQL read, bypassing the service) until the claim is
// there: the replication delay of that one write. Then it releases the seat.
import pg from 'pg';
import { request, sleep, workerMain } from './kit.mjs';

workerMain(async (job, startAt, report) => {
  await sleep(Math.max(0, startAt - Date.now()));
  const rounds = [];
  const counts = { rounds: 0, ownStale: 0, anonymousStale: 0 };
  // A pool: the writers of this process ask the replica at the same time.
  const replica = new pg.Pool({ connectionString: job.replicaUrl, max: job.people.length });
  const onReplica = async (holdId) =>
    (await replica.query('SELECT 1 FROM "SeatClaim" WHERE "showtimeId" = $1 AND "holdId" = $2', [job.showtimeId, holdId])).rowCount > 0;
  await Promise.all(
    job.people.map(async (person, p) => {
      for (let r = 0; r < job.rounds && Date.now() < job.deadline; r++) {
        const seat = `${String.fromCharCode(65 + (job.offset + p))}${(r % 20) + 1}`;
        const held = await request(job.url, 'POST', `/api/showtimes/${job.showtimeId}/holds`, { person, body: { seats: [seat] } });
        if (held.status !== 201) {
          rounds.push({ seat, holdStatus: held.status });
          continue;
        }
        // From the writer's answer on: does the replica have the claim yet, before and after the read-backs?
        const since = performance.now();
        const hadItAtOnce = await onReplica(held.body.hold.id);
        const own = await request(job.url, 'GET', `/api/showtimes/${job.showtimeId}/seats`, { person });
        const anonymous = await request(job.url, 'GET', `/api/showtimes/${job.showtimeId}/seats`);
        const hadItAfterReads = hadItAtOnce || (await onReplica(held.body.hold.id));
        const shows = (res, mine) => res.body?.seats?.find((s) => s.label === seat && s.status === 'held' && (!mine || s.mine));
        const round = {
          seat,
          holdStatus: 201,
          ownSawIt: Boolean(shows(own, true)),
          anonymousSawIt: Boolean(shows(anonymous, false)),
          anonymousFrom: anonymous.readFrom,
          replicaLackedItAfterReads: !hadItAfterReads,
        };
        let visibleAfterMs = hadItAtOnce ? 0 : hadItAfterReads ? performance.now() - since : null;
        for (let i = 0; visibleAfterMs === null && i < 2000 && Date.now() < job.deadline; i++) {
          await sleep(2);
          if (await onReplica(held.body.hold.id)) visibleAfterMs = performance.now() - since;
        }
        rounds.push({ ...round, replicaHadItAtOnce: hadItAtOnce, visibleAfterMs });
        await request(job.url, 'DELETE', `/api/holds/${held.body.hold.id}`, { person });
        counts.rounds++;
        if (!round.ownSawIt) counts.ownStale++;
        if (!round.anonymousSawIt) counts.anonymousStale++;
        report(counts);
      }
    }),
  );
  await replica.end();
  return rounds;
});
