// Turns 'seats.changed' domain events into `seats:changed` messages for the showtime's room. Events are
// buffered per showtime for REALTIME_COALESCE_MS so a burst of holds becomes a few messages instead of
// one per hold; with 0 every event goes out at once.
import type { EventBus } from '../../lib/events';
import { coalesceSeatEvents, type SeatsChangedEvent } from './seat-coalescing';
import type { SeatsChangedMessage } from './realtime.schemas';

export type SendToShowtime = (showtimeId: string, message: SeatsChangedMessage) => void;

export function startSeatBroadcaster(events: EventBus, coalesceMs: number, send: SendToShowtime) {
  const pending = new Map<string, { events: SeatsChangedEvent[]; timer: NodeJS.Timeout }>();

  function flush(showtimeId: string) {
    const buffer = pending.get(showtimeId);
    if (!buffer) return;
    pending.delete(showtimeId);
    for (const message of coalesceSeatEvents(showtimeId, buffer.events)) send(showtimeId, message);
  }

  const unsubscribe = events.on('seats.changed', (event) => {
    if (event.changes.length === 0) return;
    if (coalesceMs === 0) {
      for (const message of coalesceSeatEvents(event.showtimeId, [event])) send(event.showtimeId, message);
      return;
    }
    const buffer = pending.get(event.showtimeId);
    if (buffer) buffer.events.push(event);
    else pending.set(event.showtimeId, { events: [event], timer: setTimeout(() => flush(event.showtimeId), coalesceMs) });
  });

  return {
    /** Stops listening; buffered changes are dropped (clients re-join on reconnect). */
    stop() {
      unsubscribe();
      for (const buffer of pending.values()) clearTimeout(buffer.timer);
      pending.clear();
    },
  };
}
