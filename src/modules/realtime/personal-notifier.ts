// Personal events go to the owner's room only (every tab the user has open), never to a showtime room.
// Internal fields (userId, showtimeId) are not sent; dates become ISO strings.
import type { EventBus } from '../../lib/events';
import type { ServerToClientEvents } from './realtime.schemas';

export type SendToUser = <E extends keyof ServerToClientEvents>(
  userId: string,
  event: E,
  message: Parameters<ServerToClientEvents[E]>[0],
) => void;

export function startPersonalNotifier(events: EventBus, send: SendToUser) {
  const unsubscribes = [
    events.on('hold.expiring', ({ userId, holdId, expiresAt }) =>
      send(userId, 'hold:expiring', { holdId, expiresAt: new Date(expiresAt).toISOString() }),
    ),
    events.on('hold.expired', ({ userId, holdId }) => send(userId, 'hold:expired', { holdId })),
    events.on('waitlist.position', ({ userId, entryId, position }) => send(userId, 'waitlist:position', { entryId, position })),
    events.on('waitlist.offer', ({ userId, entryId, holdId, seats, expiresAt }) =>
      send(userId, 'waitlist:offer', { entryId, holdId, seats, expiresAt: new Date(expiresAt).toISOString() }),
    ),
    events.on('waitlist.expired', ({ userId, entryId }) => send(userId, 'waitlist:expired', { entryId })),
    events.on('queue.position', ({ userId, ticketId, position, etaSeconds }) =>
      send(userId, 'queue:position', { ticketId, position, etaSeconds }),
    ),
    events.on('queue.admitted', ({ userId, ticketId, admittedUntil }) =>
      send(userId, 'queue:admitted', { ticketId, admittedUntil: new Date(admittedUntil).toISOString() }),
    ),
    events.on('checkout.position', ({ userId, holdId, position }) => send(userId, 'checkout:position', { holdId, position })),
    events.on('showtime.cancelled', ({ userId, ...message }) => send(userId, 'showtime:cancelled', message)),
    events.on('showtime.changed', ({ userId, showtimeId, startsAt, endsAt, previousStartsAt }) =>
      send(userId, 'showtime:changed', {
        showtimeId,
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(endsAt).toISOString(),
        previousStartsAt: new Date(previousStartsAt).toISOString(),
      }),
    ),
  ];
  return {
    stop() {
      for (const unsubscribe of unsubscribes) unsubscribe();
    },
  };
}
