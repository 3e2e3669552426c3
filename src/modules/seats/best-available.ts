// Best available seats, as pure functions (no database, no clock): given a room's seats, which of them are
// free and a request {count, section?, accessible?}, pick the best block. In order of preference:
//   1. next to each other in one row, not crossing an aisle, leaving no single seat stranded;
//   2. the same, stranding a seat (fewest stranded first);
//   3. only when nothing fits in one row and count >= 4: two blocks of ceil(n/2) and floor(n/2) in
//      neighbouring rows, one behind the other (nobody sits alone); stranding none first;
//   4. otherwise nothing: NO_SEATS_TOGETHER (or SEATS_UNAVAILABLE when fewer seats are free at all).
// Within a level the lowest score wins: each seat's distance to the room's best spot, summed.
// "Stranded" (an orphan): a free seat left alone between taken seats, or between a taken seat and the
// row's edge or an aisle, that had a free neighbour before.

import type { AllocatorSeat, BestPick, BestRequest, Room } from './room';

/** A split party's two halves should sit one behind the other: each column of offset costs this much. */
const ALIGN_WEIGHT = 1;

/** A candidate block: `size` seats of `segment` from index `from`; its seats are sliced out only when it wins. */
type Block = {
  segment: AllocatorSeat[];
  from: number;
  size: number;
  orphans: number;
  score: number;
  rowIndex: number;
  centre: number;
  accessible: boolean;
};

/** Every block of `size` free seats side by side in one row segment that the request may use. */
function blocksOf(
  room: Room,
  segment: AllocatorSeat[],
  free: ReadonlySet<string>,
  size: number,
  request: BestRequest,
  out: Block[] = [],
): Block[] {
  for (let start = 0; start < segment.length;) {
    if (!free.has((segment[start] as AllocatorSeat).label)) {
      start++;
      continue;
    }
    let end = start;
    while (end + 1 < segment.length && free.has((segment[end + 1] as AllocatorSeat).label)) end++;
    const length = end - start + 1;
    // Slide a window over the run: its score, how many seats of it are outside the section, how many accessible.
    let score = 0;
    let outside = 0;
    let accessible = 0;
    for (let i = start; i <= end; i++) {
      const seat = segment[i] as AllocatorSeat;
      score += room.cost.get(seat.label) as number;
      outside += Number(request.section !== undefined && seat.section !== request.section);
      accessible += Number(seat.accessible === true);
      if (i - start + 1 > size) {
        const leaving = segment[i - size] as AllocatorSeat;
        score -= room.cost.get(leaving.label) as number;
        outside -= Number(request.section !== undefined && leaving.section !== request.section);
        accessible -= Number(leaving.accessible === true);
      }
      if (i - start + 1 < size || outside > 0) continue;
      const from = i - size + 1;
      const left = from - start;
      const right = length - left - size;
      out.push({
        segment,
        from,
        size,
        score,
        accessible: accessible > 0,
        orphans: Number(left === 1) + Number(right === 1),
        rowIndex: seat.rowIndex,
        centre: ((segment[from] as AllocatorSeat).column + seat.column) / 2,
      });
    }
    start = end + 1;
  }
  return out;
}

const seatsOf = (block: Block) => block.segment.slice(block.from, block.from + block.size);
const better = (a: { orphans: number; score: number }, b: { orphans: number; score: number } | undefined) =>
  b === undefined || a.orphans < b.orphans || (a.orphans === b.orphans && a.score < b.score - 1e-9);

/**
 * The best seats for the request among the free ones. `split: false` allows only one block in one row
 * (the waitlist's side-by-side parties).
 */
export function pickBestSeats(room: Room, free: ReadonlySet<string>, request: BestRequest, options: { split?: boolean } = {}): BestPick {
  const { count } = request;
  let eligible = 0;
  for (const segments of room.rows) {
    for (const segment of segments) {
      for (const seat of segment) {
        if (free.has(seat.label) && (request.section === undefined || seat.section === request.section)) eligible++;
      }
    }
  }
  if (eligible < count) return { found: false, reason: 'SEATS_UNAVAILABLE' };

  let best: Block | undefined;
  const blocks: Block[] = [];
  for (const segments of room.rows) {
    for (const segment of segments) {
      blocks.length = 0;
      for (const block of blocksOf(room, segment, free, count, request, blocks)) {
        if (request.accessible && !block.accessible) continue;
        if (better(block, best)) best = block;
      }
    }
  }
  if (best) return { found: true, seats: labelsOf(seatsOf(best)), together: true, orphans: best.orphans, score: best.score };
  if (options.split === false || count < 4) return { found: false, reason: 'NO_SEATS_TOGETHER' };
  return pickSplit(room, free, request);
}

/** Two halves in neighbouring rows, the larger in either row; scored with how far apart they sit sideways. */
function pickSplit(room: Room, free: ReadonlySet<string>, request: BestRequest): BestPick {
  const sizes = [Math.ceil(request.count / 2), Math.floor(request.count / 2)] as const;
  const blocksIn = (rowAt: number, size: number) =>
    (room.rows[rowAt] ?? []).flatMap((segment) => blocksOf(room, segment, free, size, request));
  let best: { pair: [Block, Block]; orphans: number; score: number } | undefined;
  for (let r = 0; r + 1 < room.rows.length; r++) {
    const orders = sizes[0] === sizes[1] ? [sizes] : [sizes, [sizes[1], sizes[0]] as const];
    for (const [front, back] of orders) {
      const backBlocks = blocksIn(r + 1, back);
      for (const a of blocksIn(r, front)) {
        for (const b of backBlocks) {
          if (b.rowIndex - a.rowIndex !== 1) continue;
          if (request.accessible && !a.accessible && !b.accessible) continue;
          const pair = {
            pair: [a, b] as [Block, Block],
            orphans: a.orphans + b.orphans,
            score: a.score + b.score + ALIGN_WEIGHT * Math.abs(a.centre - b.centre),
          };
          if (better(pair, best)) best = pair;
        }
      }
    }
  }
  if (!best) return { found: false, reason: 'NO_SEATS_TOGETHER' };
  return {
    found: true,
    seats: labelsOf([...seatsOf(best.pair[0]), ...seatsOf(best.pair[1])]),
    together: false,
    orphans: best.orphans,
    score: best.score,
  };
}

const labelsOf = (seats: AllocatorSeat[]) => seats.map((seat) => seat.label);
