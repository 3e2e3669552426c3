// A real socket.io client for the realtime tests, plus a seat-map viewer that follows the client rules
// in docs/realtime.md (apply by version, buffer while joining, re-join on a gap). Waiting is always for
// a message or a state, never for a fixed time.
import { io, type Socket } from 'socket.io-client';

export type Message = { event: string; payload: any };
export type JoinAck =
  | { ok: true; snapshot: { showtimeId: string; version: number; seats: SeatState[] } }
  | { ok: false; error: { code: string; message: string } };
type SeatState = { label: string; status: string; mine?: boolean };

export class TestSocket {
  readonly received: Message[] = [];
  private waiters: Array<{ check: () => boolean; resolve: () => void }> = [];

  constructor(readonly socket: Socket) {
    socket.onAny((event: string, payload: unknown) => {
      this.received.push({ event, payload });
      this.waiters = this.waiters.filter((waiter) => !(waiter.check() && (waiter.resolve(), true)));
    });
  }

  of(event: string): any[] {
    return this.received.filter((message) => message.event === event).map((message) => message.payload);
  }

  /** Resolves once a message of `event` matching `predicate` has arrived (already or later). */
  waitFor(event: string, predicate: (payload: any) => boolean = () => true, timeoutMs = 15_000): Promise<any> {
    const find = () => this.of(event).find(predicate);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${event} within ${timeoutMs} ms; got ${JSON.stringify(this.received)}`)),
        timeoutMs,
      );
      const done = () => (clearTimeout(timer), resolve(find()));
      if (find() !== undefined) return done();
      this.waiters.push({ check: () => find() !== undefined, resolve: done });
    });
  }

  join(showtimeId: unknown): Promise<JoinAck> {
    return this.socket.timeout(10_000).emitWithAck('showtime:join', { showtimeId });
  }

  close() {
    this.socket.disconnect();
  }
}

/** `headers` are sent with the handshake (Node only), e.g. X-Forwarded-For as a proxy would add it. */
export type ConnectOptions = { headers?: Record<string, string> };

export function connect(url: string, token?: string, options: ConnectOptions = {}): Promise<TestSocket> {
  const socket = io(url, {
    auth: token ? { token } : {},
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(options.headers && { extraHeaders: options.headers }),
  });
  const client = new TestSocket(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', (error) => {
      // A refused handshake leaves the transport open for a retry; this client will not retry.
      socket.disconnect();
      reject(error);
    });
  });
}

/** Keeps a seat map current the way a browser would: snapshot on join, then apply seats:changed by version. */
export class SeatMapViewer {
  version = -1;
  seats = new Map<string, string>();
  rejoins = 0;
  private joining: Promise<void> | undefined;
  private buffered: any[] = [];

  constructor(
    readonly client: TestSocket,
    readonly showtimeId: string,
  ) {
    client.socket.on('seats:changed', (message: any) => {
      if (message.showtimeId !== showtimeId) return;
      if (this.joining) this.buffered.push(message);
      else this.apply(message);
    });
  }

  join(): Promise<void> {
    this.joining = (async () => {
      const ack = await this.client.join(this.showtimeId);
      if (!ack.ok) throw new Error(`join failed: ${JSON.stringify(ack)}`);
      this.version = ack.snapshot.version;
      this.seats = new Map(ack.snapshot.seats.map((seat) => [seat.label, seat.status]));
      this.joining = undefined;
      const buffered = this.buffered;
      this.buffered = [];
      for (const message of buffered) this.apply(message);
    })();
    return this.joining;
  }

  private apply(message: { fromVersion: number; version: number; changes: Array<{ label: string; status: string }> }) {
    if (message.version <= this.version) return;
    if (message.fromVersion > this.version) {
      this.rejoins += 1;
      void this.join();
      return;
    }
    for (const change of message.changes) this.seats.set(change.label, change.status);
    this.version = message.version;
  }

  /** Resolves once the viewer has reached at least `version` (polling the in-memory state on each message). */
  async reach(version: number) {
    while (this.version < version || this.joining) {
      await (this.joining ?? this.client.waitFor('seats:changed', (m) => m.showtimeId === this.showtimeId && m.version >= version));
      if (this.version < version && !this.joining) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  statuses() {
    return Object.fromEntries(this.seats);
  }
}
