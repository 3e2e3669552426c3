// Pure rules of the waitlist: queue order, whether free seats can serve a request, which seats to
// offer, and the plan of offers for one moment. No database, no clock: the fairness-log verifier
// replays the same rules, so what the service does and what the verifier judges cannot drift apart.
import { compareLabels } from '../catalog';
import { pickBestSeats, prepareRoom } from '../seats';

export type PartyRequest = { partySize: number; adjacent: boolean };
/** Where a seat is: two seats are side by side when they share a row and their columns differ by 1. */
export type SeatSpot = { label: string; row: string; column: number };
/** A seat of the room's layout; rowIndex 0 is the row nearest the screen. */
export type LayoutSeat = SeatSpot & { rowIndex: number; number: number };
export type QueuedEntry = PartyRequest & { id: string; joinedAt: Date | string; sequence: number };

/** FIFO: earlier joinedAt first; the per-showtime sequence breaks ties. */
export function compareQueueOrder(a: Pick<QueuedEntry, 'joinedAt' | 'sequence'>, b: Pick<QueuedEntry, 'joinedAt' | 'sequence'>) {
  return new Date(a.joinedAt).getTime() - new Date(b.joinedAt).getTime() || a.sequence - b.sequence;
}

/** Every run of `size` free seats side by side in one row (aisles break a run: the column jumps by 2). */
export function runsOf(free: SeatSpot[], size: number): SeatSpot[][] {
  const byRow = new Map<string, SeatSpot[]>();
  for (const seat of free) byRow.set(seat.row, [...(byRow.get(seat.row) ?? []), seat]);
  const runs: SeatSpot[][] = [];
  for (const seats of byRow.values()) {
    seats.sort((a, b) => a.column - b.column);
    for (let start = 0; start + size <= seats.length; start++) {
      const run = seats.slice(start, start + size);
      if (run.every((seat, i) => i === 0 || seat.column === (run[i - 1] as SeatSpot).column + 1)) runs.push(run);
    }
  }
  return runs;
}

/** Can these free seats serve the request right now? */
export function canSatisfy(request: PartyRequest, free: SeatSpot[]): boolean {
  if (free.length < request.partySize) return false;
  return !request.adjacent || runsOf(free, request.partySize).length > 0;
}

/** Best-first order of seats: nearest the screen, then nearest the row's centre, then left to right. */
function rowCentres(layout: LayoutSeat[]) {
  const span = new Map<string, { min: number; max: number }>();
  for (const seat of layout) {
    const known = span.get(seat.row) ?? { min: seat.column, max: seat.column };
    span.set(seat.row, { min: Math.min(known.min, seat.column), max: Math.max(known.max, seat.column) });
  }
  return new Map([...span].map(([row, { min, max }]) => [row, (min + max) / 2]));
}

/**
 * The seats to offer for a request that canSatisfy says can be served:
 * - adjacent: the best-available block in one row (seats/best-available.ts: no seat stranded when it
 *   can, nearest the room's best spot), the same choice a hold by count makes;
 * - otherwise: the seats that were just freed first (in label order), then the best other free seats.
 */
export function chooseSeats(request: PartyRequest, free: LayoutSeat[], freed: string[], layout: LayoutSeat[]): string[] {
  if (request.adjacent) {
    const pick = pickBestSeats(
      prepareRoom(layout),
      new Set(free.map((seat) => seat.label)),
      { count: request.partySize },
      { split: false },
    );
    return pick.found ? pick.seats.sort(compareLabels) : [];
  }
  const centres = rowCentres(layout);
  const offCentre = (row: string, column: number) => Math.abs(column - (centres.get(row) ?? column));
  const justFreed = new Set(freed);
  const ordered = [...free].sort(
    (a, b) =>
      Number(justFreed.has(b.label)) - Number(justFreed.has(a.label)) ||
      (justFreed.has(a.label) ? compareLabels(a.label, b.label) : 0) ||
      compareTuples([a.rowIndex, offCentre(a.row, a.column), a.column], [b.rowIndex, offCentre(b.row, b.column), b.column]),
  );
  return ordered
    .slice(0, request.partySize)
    .map((seat) => seat.label)
    .sort(compareLabels);
}

function compareTuples(a: number[], b: number[]) {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
}

export type PlannedOffer<E extends QueuedEntry> = { entry: E; seats: string[]; freeBefore: LayoutSeat[] };

/**
 * The offers to make now. Repeatedly: the earliest-joined waiting entry that the free seats can serve
 * gets its seats. Entries ahead that cannot be served keep their place (they are skipped, not moved).
 * Stops when no waiting entry can use what is left; those seats stay free.
 */
export function planOffers<E extends QueuedEntry>(
  waiting: E[],
  free: LayoutSeat[],
  freed: string[],
  layout: LayoutSeat[],
): PlannedOffer<E>[] {
  const queue = [...waiting].sort(compareQueueOrder);
  let remaining = [...free];
  const offers: PlannedOffer<E>[] = [];
  for (;;) {
    const index = queue.findIndex((entry) => canSatisfy(entry, remaining));
    if (index < 0) return offers;
    const entry = queue.splice(index, 1)[0] as E;
    const seats = chooseSeats(entry, remaining, freed, layout);
    offers.push({ entry, seats, freeBefore: remaining });
    const taken = new Set(seats);
    remaining = remaining.filter((seat) => !taken.has(seat.label));
  }
}
