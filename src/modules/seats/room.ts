// A room prepared for picking best seats: its rows front to back, each cut into segments at the aisles,
// and each seat's cost (its distance to the room's best spot). Made once per layout and best spot.
export type AllocatorSeat = { label: string; row: string; rowIndex: number; column: number; section?: string; accessible?: boolean };
/** Where the best seat is: depth 0 = the front row, 1 = the back row; across 0 = left edge, 1 = right. */
export type BestSpot = { depth: number; across: number };
export type BestRequest = { count: number; section?: string; accessible?: boolean };
export type BestPick =
  | { found: true; seats: string[]; together: boolean; orphans: number; score: number }
  | { found: false; reason: 'SEATS_UNAVAILABLE' | 'NO_SEATS_TOGETHER' };

export const DEFAULT_BEST_SPOT: BestSpot = { depth: 2 / 3, across: 0.5 };
/** A row is about twice as deep as a seat is wide: one row off the spot costs like two seats aside. */
const ROW_WEIGHT = 2;
/** A room prepared for picking: rows front to back, each cut into segments at the aisles. */
export type Room = { rows: AllocatorSeat[][][]; cost: Map<string, number> };

const rooms = new WeakMap<readonly AllocatorSeat[], Map<string, Room>>();

/** Segments of consecutive columns per row; cached per layout array and best spot. */
export function prepareRoom(layout: readonly AllocatorSeat[], spot: BestSpot = DEFAULT_BEST_SPOT): Room {
  const key = `${spot.depth}:${spot.across}`;
  let bySpot = rooms.get(layout);
  const known = bySpot?.get(key);
  if (known) return known;
  const byRow = new Map<number, AllocatorSeat[]>();
  for (const seat of layout) byRow.set(seat.rowIndex, [...(byRow.get(seat.rowIndex) ?? []), seat]);
  const rows = [...byRow.keys()]
    .sort((a, b) => a - b)
    .map((index) => {
      const seats = (byRow.get(index) as AllocatorSeat[]).sort((a, b) => a.column - b.column);
      const segments: AllocatorSeat[][] = [];
      seats.forEach((seat, i) => {
        if (i === 0 || seat.column !== (seats[i - 1] as AllocatorSeat).column + 1) segments.push([]);
        (segments[segments.length - 1] as AllocatorSeat[]).push(seat);
      });
      return segments;
    });
  const rowIndexes = layout.map((seat) => seat.rowIndex);
  const columns = layout.map((seat) => seat.column);
  const [front, back] = [Math.min(...rowIndexes), Math.max(...rowIndexes)];
  const [left, right] = [Math.min(...columns), Math.max(...columns)];
  const bestRow = front + spot.depth * (back - front);
  const bestColumn = left + spot.across * (right - left);
  const cost = new Map(layout.map((seat) => [seat.label, Math.hypot(ROW_WEIGHT * (seat.rowIndex - bestRow), seat.column - bestColumn)]));
  const room = { rows, cost };
  if (!bySpot) rooms.set(layout, (bySpot = new Map()));
  bySpot.set(key, room);
  return room;
}
