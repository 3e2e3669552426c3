// The one-way channel from services to the outside world. Services emit domain events after their
// database transaction commits; the realtime module, the cache and the hold-expiry engine subscribe.
// Services never import socket.io or Express, and listeners never call back into the database write.
import { EventEmitter } from 'node:events';

export type SeatStatus = 'available' | 'held' | 'sold';
export type SeatChange = { label: string; status: SeatStatus };

export interface DomainEvents {
  /** Seats of a showtime changed; `version` is the showtime's seat version after the change. */
  'seats.changed': { showtimeId: string; version: number; changes: SeatChange[] };
  /** A hold now has this deadline (created, extended or offered from the waitlist). */
  'hold.scheduled': { holdId: string; userId: string; showtimeId: string; expiresAt: Date };
  /** A hold's deadline is near (HOLD_EXPIRING_WARNING_SECONDS before it); sent once per deadline. */
  'hold.expiring': { holdId: string; userId: string; showtimeId: string; expiresAt: Date };
  /** A hold ended without a purchase because its time ran out. */
  'hold.expired': { holdId: string; userId: string; showtimeId: string };
  /** Movies, auditoriums or showtimes were created or changed. */
  'catalog.changed': { showtimeId?: string };
  'waitlist.position': { entryId: string; userId: string; showtimeId: string; position: number };
  'waitlist.offer': {
    entryId: string;
    userId: string;
    showtimeId: string;
    holdId: string;
    seats: string[];
    expiresAt: Date;
  };
  'waitlist.expired': { entryId: string; userId: string; showtimeId: string };
  /** A waiting-room ticket's place in line (or its ETA) changed. */
  'queue.position': { ticketId: string; userId: string; showtimeId: string; position: number; etaSeconds: number };
  /** A waiting-room ticket was admitted: its owner may hold seats until admittedUntil. */
  'queue.admitted': { ticketId: string; userId: string; showtimeId: string; admittedUntil: Date };
  /** A purchase committed: the hold became this booking. */
  'booking.confirmed': { bookingId: string; userId: string; showtimeId: string };
  /**
   * The theater cancelled a showtime: sent once per affected user with what it ended of theirs (bookings
   * cancelled, holds released, waitlist entries closed).
   */
  'showtime.cancelled': {
    userId: string;
    showtimeId: string;
    reason: string;
    bookingIds: string[];
    holdIds: string[];
    waitlistEntryIds: string[];
  };
  /** The theater moved a showtime: sent once per user holding, owning or waiting for seats of it. */
  'showtime.changed': { userId: string; showtimeId: string; startsAt: Date; endsAt: Date; previousStartsAt: Date };
  /** A purchase's place in the checkout line changed; 0: it reached a register. */
  'checkout.position': { holdId: string; userId: string; position: number };
}

export type EventName = keyof DomainEvents;

export interface EventBus {
  emit<E extends EventName>(event: E, payload: DomainEvents[E]): void;
  on<E extends EventName>(event: E, listener: (payload: DomainEvents[E]) => void): () => void;
}

export function createEventBus(onListenerError: (error: unknown, event: string) => void): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(100);
  return {
    emit(event, payload) {
      // A failing listener must not turn a committed change into an error for the caller.
      for (const listener of emitter.listeners(event)) {
        try {
          (listener as (p: unknown) => void)(payload);
        } catch (error) {
          onListenerError(error, event);
        }
      }
    },
    on(event, listener) {
      emitter.on(event, listener as (p: unknown) => void);
      return () => emitter.off(event, listener as (p: unknown) => void);
    },
  };
}
