// The failover drill (scripts/replica/drill-failover.ts) in a short run with synchronous replication:
// buyers hold and buy seats, the primary's postmaster is killed with kill -9, the replica is promoted and
// Marquee is started again on it. Every acknowledged booking and hold is on the new primary; no seat is
// sold twice. The primary's WAL sender is also frozen for the last 300 ms before the kill: with
// synchronous replication commits wait for it rather than being acknowledged and lost.
import { runFailoverDrill } from '../../scripts/replica/drill-failover';

it('when the primary is killed under load with synchronous replication, then nothing acknowledged is lost', async () => {
  const lines: string[] = [];
  const result = await runFailoverDrill({
    synchronous: true,
    stallMs: 300,
    seconds: 5,
    killAtSeconds: 2,
    buyers: 8,
    log: (line) => lines.push(line),
  });
  console.log(`${lines.join('\n')}\n${JSON.stringify(result)}`);
  expect(result.acknowledgedBookings).toBeGreaterThan(0);
  expect(result.statuses['201']).toBeGreaterThan(result.acknowledgedBookings); // holds after the failover too
  expect({ bookingsMissing: result.bookingsMissing, seatsSoldTwice: result.seatsSoldTwice, holdsLost: result.holdsLost }).toEqual({
    bookingsMissing: 0,
    seatsSoldTwice: 0,
    holdsLost: 0,
  });
}, 90_000);
