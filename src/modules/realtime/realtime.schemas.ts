// What travels over the socket: client payloads (validated with zod on every event) and the typed
// messages the server sends. Dates go out as ISO strings.
import { z } from 'zod';
import { idSchema } from '../../http/schemas';
import type { AppError } from '../../lib/errors';
import type { SeatChange } from '../../lib/events';
import type { SeatMap } from '../catalog';
import type { ClassroomSnapshot } from '../classroom';

export const showtimeRequestSchema = z.strictObject({ showtimeId: idSchema });
export type ShowtimeRequest = z.infer<typeof showtimeRequestSchema>;

export type ErrorReply = { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };
export type JoinReply = { ok: true; snapshot: SeatMap } | ErrorReply;
export type LeaveReply = { ok: true } | ErrorReply;

export const errorReplyOf = (error: AppError): ErrorReply => ({
  ok: false,
  error: { code: error.code, message: error.message, ...(error.details && { details: error.details }) },
});

/**
 * `version` is the showtime's seat version after every included change; `fromVersion` is the version just
 * before the first included change. A client holding version v applies the message when
 * fromVersion <= v < version, ignores it when version <= v, and re-joins when fromVersion > v (a gap).
 */
export type SeatsChangedMessage = { showtimeId: string; fromVersion: number; version: number; changes: SeatChange[] };

export interface ServerToClientEvents {
  /** Sent once on every connection: which instance holds this socket (behind a balancer, one of several). */
  'server:hello': (message: { instance: string }) => void;
  'seats:changed': (message: SeatsChangedMessage) => void;
  'hold:expiring': (message: { holdId: string; expiresAt: string }) => void;
  'hold:expired': (message: { holdId: string }) => void;
  'waitlist:position': (message: { entryId: string; position: number }) => void;
  'waitlist:offer': (message: { entryId: string; holdId: string; seats: string[]; expiresAt: string }) => void;
  'waitlist:expired': (message: { entryId: string }) => void;
  'queue:position': (message: { ticketId: string; position: number; etaSeconds: number }) => void;
  'queue:admitted': (message: { ticketId: string; admittedUntil: string }) => void;
  /** The theater cancelled a showtime the user had bookings, holds or waitlist entries for; all of them ended. */
  'showtime:cancelled': (message: {
    showtimeId: string;
    reason: string;
    bookingIds: string[];
    holdIds: string[];
    waitlistEntryIds: string[];
  }) => void;
  /** The theater moved a showtime the user holds, owns or waits for seats of. */
  'showtime:changed': (message: { showtimeId: string; startsAt: string; endsAt: string; previousStartsAt: string }) => void;
  /** The owner's purchase of `holdId` is number `position` in the checkout line; 0: at a register now. */
  'checkout:position': (message: { holdId: string; position: number }) => void;
  /** To the `classroom` room (admins who sent `classroom:watch`), once a second from every instance. */
  'classroom:instance': (message: ClassroomSnapshot) => void;
}

export type ServerEventName = keyof ServerToClientEvents;

// Client events are typed loosely on purpose: whatever a client sends is untrusted until zod says otherwise.
export interface ClientToServerEvents {
  'showtime:join': (...args: unknown[]) => void;
  'showtime:leave': (...args: unknown[]) => void;
  /** Admin only, no payload: ack `{ok:true, snapshot}` (this instance), then `classroom:instance` from every instance. */
  'classroom:watch': (...args: unknown[]) => void;
  'classroom:unwatch': (...args: unknown[]) => void;
}

export const showtimeRoom = (showtimeId: string) => `showtime:${showtimeId}`;
export const userRoom = (userId: string) => `user:${userId}`;
export const classroomRoom = 'classroom';
export const isShowtimeRoom = (room: string) => room.startsWith('showtime:');
