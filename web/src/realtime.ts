// One socket.io connection for the whole page: seat-map rooms (join with an ack for a snapshot, then
// apply `seats:changed`) and the signed-in user's personal events (holds and waitlist).
import { io, type Socket } from 'socket.io-client';
import type { SeatStatus } from './api';
import { backoffMs, noteReachable } from './connection';
import { noteInstance } from './instances';

export type SeatChange = { label: string; status: SeatStatus };
export type Snapshot = { version: number; seats: (SeatChange & { mine?: boolean })[] };
type SeatsChanged = { showtimeId: string; version: number; fromVersion?: number; changes: SeatChange[] };
type Listener = (payload: unknown) => void;

let socket: Socket | undefined;
const listeners = new Map<string, Set<Listener>>();
const personalEvents = [
  'hold:expiring',
  'hold:expired',
  'waitlist:offer',
  'waitlist:position',
  'waitlist:expired',
  'queue:position',
  'queue:admitted',
];

/** (Re)connects, with the token when signed in. Personal listeners survive a reconnect. */
export function connectRealtime(token: string | null) {
  socket?.disconnect();
  // Websocket only, no long-polling: behind a round-robin balancer each poll could reach another
  // instance, while a websocket is one connection to one instance (docs/realtime.md).
  socket = io({ auth: token ? { token } : {}, reconnectionDelayMax: 5000, transports: ['websocket'] });
  const current = socket;
  // Every connection, the first and each reconnect, starts with the instance that holds it.
  current.on('server:hello', (hello: { instance?: unknown }) => {
    if (socket === current && typeof hello?.instance === 'string') noteInstance('socket', hello.instance);
  });
  let serverEnded = 0;
  current.on('connect', () => {
    serverEnded = 0;
    noteReachable(true);
  });
  current.on('disconnect', (reason) => {
    if (socket !== current) return;
    noteInstance('socket', undefined);
    if (reason === 'io client disconnect') return;
    noteReachable(false);
    // A graceful stop or deploy ends every socket with a server disconnect, which socket.io's client
    // never retries by itself. Ask again after a short, jittered wait; if the server is still away,
    // the manager's own reconnection backoff takes over from there.
    if (reason === 'io server disconnect') {
      setTimeout(
        () => {
          if (socket === current && !current.connected) current.connect();
        },
        backoffMs(serverEnded++) / 2,
      );
    }
  });
  current.on('connect_error', (error) => {
    // A token the server no longer accepts must not lock us out of the live seat map.
    if (error.message === 'UNAUTHENTICATED') return void (token && connectRealtime(null));
    noteReachable(false);
  });
  for (const event of personalEvents) current.on(event, (payload) => listeners.get(event)?.forEach((listener) => listener(payload)));
  for (const event of ['connect', 'disconnect', 'seats:changed']) {
    current.on(event, (payload) => listeners.get(event)?.forEach((listener) => listener(payload)));
  }
  if (current.connected) listeners.get('connect')?.forEach((listener) => listener(undefined));
}

/** `T` is what the server sends with `event` (realtime.schemas.ts on the server says which). */
export function onRealtime<T = unknown>(event: string, listener: (payload: T) => void) {
  const stored = listener as Listener;
  if (!listeners.has(event)) listeners.set(event, new Set());
  listeners.get(event)!.add(stored);
  return () => listeners.get(event)!.delete(stored);
}

export const isLive = () => Boolean(socket?.connected);

/**
 * Follows one showtime's seats. Every connect (first or after a drop) joins the room and hands over a
 * fresh snapshot; a change that does not follow on from the version we hold means we missed one, so we
 * join again rather than guess.
 */
export function watchShowtime(
  showtimeId: string,
  handlers: { onSnapshot(snapshot: Snapshot): void; onChanges(changes: SeatChange[]): void; onLive(live: boolean): void },
) {
  let version = -1;
  let stopped = false;
  // Messages that arrive while a join is waiting for its snapshot; replayed on top of it (docs/realtime.md).
  let buffered: SeatsChanged[] | null = null;

  function join() {
    if (stopped || !socket?.connected || buffered) return;
    buffered = [];
    socket.timeout(5000).emit('showtime:join', { showtimeId }, (error: Error | null, ack?: { ok: boolean; snapshot?: Snapshot }) => {
      const waiting = buffered ?? [];
      buffered = null;
      if (stopped) return;
      if (error || !ack?.ok || !ack.snapshot) return handlers.onLive(false);
      version = ack.snapshot.version;
      handlers.onSnapshot(ack.snapshot);
      handlers.onLive(true);
      waiting.forEach(receive);
    });
  }

  function receive(message: SeatsChanged) {
    if (message.showtimeId !== showtimeId) return;
    if (buffered) return void buffered.push(message);
    if (version < 0 || message.version <= version) return;
    if ((message.fromVersion ?? message.version - 1) > version) return join();
    version = message.version;
    handlers.onChanges(message.changes);
  }

  const offs = [
    onRealtime('connect', join),
    onRealtime('disconnect', () => {
      buffered = null;
      handlers.onLive(false);
    }),
    onRealtime('seats:changed', receive),
  ];
  join();

  return {
    /** The version of an HTTP seat map we loaded, so older live messages are ignored. */
    seen(httpVersion: number) {
      version = Math.max(version, httpVersion);
    },
    stop() {
      stopped = true;
      offs.forEach((off) => off());
      if (socket?.connected) socket.emit('showtime:leave', { showtimeId }, () => undefined);
    },
  };
}
