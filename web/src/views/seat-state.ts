// What the seat page knows about its seats: each seat's status from the server, the user's selection,
// which held seats are the user's own, and which are in a hold request still on its way.
import type { Seat, SeatStatus } from '../api';
import type { SeatChange } from '../realtime';
import type { SeatLook } from './seat-map';

/** Seat labels in reading order: J8 before J10. */
export const bySeat = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });

export function createSeatState(list: Seat[]) {
  const seats = new Map(list.map((seat) => [seat.label, seat]));
  const selected = new Set<string>();
  const mine = new Set(list.filter((seat) => seat.mine).map((seat) => seat.label));
  // Seats of a hold request still on its way: the live echo of our own hold must not read as "taken".
  const inFlight = new Set<string>();

  return {
    seats,
    selected,
    mine,
    inFlight,
    priceOf: (label: string) => seats.get(label)?.priceCents ?? 0,
    lookOf(seat: Seat): SeatLook {
      if (selected.has(seat.label)) return 'selected';
      if (seat.status === 'held' && mine.has(seat.label)) return 'mine';
      return seat.status;
    },
    /** Applies statuses from the server; returns the selected seats someone else just took (now dropped). */
    apply(changes: SeatChange[]): string[] {
      const taken: string[] = [];
      for (const { label, status } of changes) {
        const seat = seats.get(label);
        if (!seat) continue;
        seat.status = status as SeatStatus;
        if (status !== 'held') mine.delete(label);
        if (status !== 'available' && selected.has(label) && !inFlight.has(label)) {
          selected.delete(label);
          taken.push(label);
        }
      }
      return taken;
    },
    /** A full seat list from the server says which held seats are ours. */
    resetMine(fresh: { label: string; mine?: boolean }[]) {
      mine.clear();
      fresh.filter((seat) => seat.mine).forEach((seat) => mine.add(seat.label));
    },
    soldOut: () => [...seats.values()].every((seat) => seat.status !== 'available'),
  };
}
