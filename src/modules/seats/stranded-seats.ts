// The orphan rule's question: which free seats would a hand-picked choice leave stranded (alone between
// taken seats, or between a taken seat and the row's edge or an aisle)?
import type { AllocatorSeat, Room } from './room';

/**
 * The seats a hand-picked choice would strand, when it need not: in each run of free seats the choice
 * takes k of L seats from, a seat left alone counts only if L - k != 1 (then k seats placed at the run's
 * end would strand none; with L - k = 1 every choice of k seats there leaves one alone).
 */
export function strandedBy(room: Room, free: ReadonlySet<string>, picked: readonly string[]): string[] {
  const taking = new Set(picked);
  const stranded: string[] = [];
  for (const segments of room.rows) {
    for (const segment of segments) {
      let start = 0;
      while (start < segment.length) {
        if (!free.has((segment[start] as AllocatorSeat).label)) {
          start++;
          continue;
        }
        let end = start;
        while (end + 1 < segment.length && free.has((segment[end + 1] as AllocatorSeat).label)) end++;
        const run = segment.slice(start, end + 1);
        const taken = run.filter((seat) => taking.has(seat.label)).length;
        if (taken > 0 && run.length - taken !== 1) {
          run.forEach((seat, i) => {
            if (taking.has(seat.label)) return;
            const leftFree = i > 0 && !taking.has((run[i - 1] as AllocatorSeat).label);
            const rightFree = i + 1 < run.length && !taking.has((run[i + 1] as AllocatorSeat).label);
            if (!leftFree && !rightFree) stranded.push(seat.label);
          });
        }
        start = end + 1;
      }
    }
  }
  return stranded;
}
