// The socket server's abuse limits (docs/realtime-limits.md), each against its own server with small
// settings: showtime rooms per socket, events per socket (on a frozen clock, so counts are exact),
// sockets per client IP, and the payload cap. Every refusal shows in /metrics.
import { createShowtime } from '../support/factories';
import { TestClock } from '../support/clock';
import { connect, type TestSocket } from './socket-client';
import { useRealtimeServer } from './support';

type RealtimeTestServer = ReturnType<typeof useRealtimeServer>;

/** marquee_socket_rejections_total by reason, read from the public /metrics endpoint. */
async function rejections(t: RealtimeTestServer): Promise<Record<string, number>> {
  const { text } = await t.request.get('/metrics').expect(200);
  const counts: Record<string, number> = {};
  for (const [, reason, value] of text.matchAll(/^marquee_socket_rejections_total\{reason="(\w+)"\} (\d+)$/gm)) {
    counts[reason!] = Number(value);
  }
  return counts;
}

/** Waits for something that should happen soon, failing with `what` instead of hanging until the test timeout. */
function within<T>(promise: Promise<T>, what: string, timeoutMs = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms`)), timeoutMs)),
  );
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Resolves with the reason the server gives once it has dropped the client's socket. */
function disconnectOnServer(t: RealtimeTestServer, client: TestSocket): Promise<string> {
  const serverSocket = t.realtime.io.of('/').sockets.get(client.socket.id!);
  if (!serverSocket) throw new Error('the server does not know this socket');
  return within(new Promise((resolve) => serverSocket.once('disconnect', resolve)), 'disconnect on the server');
}

const clientDisconnect = (client: TestSocket) =>
  within(new Promise<string>((resolve) => client.socket.once('disconnect', resolve)), 'disconnect on the client');
const send = (client: TestSocket, event: string, payload: unknown) => client.socket.timeout(10_000).emitWithAck(event, payload);
const serverRooms = (t: RealtimeTestServer, client: TestSocket) =>
  [...(t.realtime.io.of('/').sockets.get(client.socket.id!)?.rooms ?? [])].filter((room) => room.startsWith('showtime:')).sort();

describe('showtime rooms per socket', () => {
  const t = useRealtimeServer({ SOCKET_MAX_ROOMS: '3' });

  it('when a socket joins one showtime past SOCKET_MAX_ROOMS, then that join is refused until it leaves one', async () => {
    const showtimes = [];
    for (let i = 0; i < 4; i++) showtimes.push(await createShowtime(t.context, { rows: 1, seatsPerRow: 2 }));
    const [first, second, third, fourth] = showtimes.map((showtime) => showtime.id) as [string, string, string, string];
    const before = await rejections(t);
    const client = await t.open();

    const acks = [];
    for (const id of [first, second, third, fourth]) acks.push(await client.join(id));
    expect(acks.slice(0, 3).map((ack) => ack.ok)).toEqual([true, true, true]);
    expect(acks[3]).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        message: 'You are watching the most showtimes one connection may watch (3); leave one first',
        details: { field: 'rooms', max: 3 },
      },
    });
    expect(serverRooms(t, client)).toEqual([first, second, third].map((id) => `showtime:${id}`).sort());

    // Joining a room the socket is already in takes no new place.
    await expect(client.join(first)).resolves.toMatchObject({ ok: true });
    await expect(send(client, 'showtime:leave', { showtimeId: first })).resolves.toEqual({ ok: true });
    await expect(client.join(fourth)).resolves.toMatchObject({ ok: true, snapshot: { showtimeId: fourth } });
    await expect(client.join(first)).resolves.toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });

    const after = await rejections(t);
    expect(after.rooms! - before.rooms!).toBe(2);
  });
});

describe('events per socket', () => {
  const clock = new TestClock();
  const t = useRealtimeServer(
    { SOCKET_EVENTS_PER_SECOND: '1', SOCKET_EVENT_BURST: '5', SOCKET_ABUSE_DISCONNECT_AFTER: '10', SOCKET_MAX_ROOMS: '100' },
    { clock },
  );

  it('when a socket sends a burst past SOCKET_EVENT_BURST, then exactly the burst is processed and the rest get RATE_LIMITED', async () => {
    const showtimes = [];
    for (let i = 0; i < 9; i++) showtimes.push((await createShowtime(t.context, { rows: 1, seatsPerRow: 1 })).id);
    const before = await rejections(t);
    const client = await t.open();

    const acks = await Promise.all(showtimes.map((showtimeId) => send(client, 'showtime:join', { showtimeId })));
    expect(acks.filter((ack) => ack.ok)).toHaveLength(5);
    expect(acks.slice(0, 5).map((ack) => ack.ok)).toEqual([true, true, true, true, true]);
    expect(acks.slice(5)).toEqual(
      Array(4).fill({
        ok: false,
        error: { code: 'RATE_LIMITED', message: expect.any(String), details: { retryAfterSeconds: 1 } },
      }),
    );
    // The refused events were not processed: the socket is only in the first five rooms.
    expect(serverRooms(t, client)).toEqual(
      showtimes
        .slice(0, 5)
        .map((id) => `showtime:${id}`)
        .sort(),
    );

    // Two seconds later the bucket holds two tokens again.
    clock.advance(2);
    const later = await Promise.all(showtimes.slice(5, 8).map((showtimeId) => send(client, 'showtime:join', { showtimeId })));
    expect(later.map((ack) => ack.ok || ack.error.code)).toEqual([true, true, 'RATE_LIMITED']);

    const after = await rejections(t);
    expect(after.rate! - before.rate!).toBe(5);
    expect(after.disconnected! - before.disconnected!).toBe(0);
    expect(client.socket.connected).toBe(true);
  });

  it('when a socket keeps sending while rate-limited, then the server disconnects it at SOCKET_ABUSE_DISCONNECT_AFTER', async () => {
    const showtime = await createShowtime(t.context, { rows: 1, seatsPerRow: 1 });
    const before = await rejections(t);
    const client = await t.open();
    const other = await t.open();
    const disconnected = clientDisconnect(client);

    // Unknown event names take a token too: a flood of anything is a flood.
    const acks = await Promise.all(Array.from({ length: 15 }, () => send(client, 'no-such-event', {}).catch(() => 'no ack')));
    // The five with a token reach no handler, so they get no ack; the ten without one are refused.
    expect(acks.filter((ack) => ack === 'no ack')).toHaveLength(5);
    expect(acks.filter((ack) => ack !== 'no ack')).toEqual(
      Array(10).fill(expect.objectContaining({ error: expect.objectContaining({ code: 'RATE_LIMITED' }) })),
    );
    await expect(disconnected).resolves.toBe('io server disconnect');
    expect(t.realtime.io.of('/').sockets.has(client.socket.id ?? '')).toBe(false);

    // Another socket's bucket is its own.
    await expect(other.join(showtime.id)).resolves.toMatchObject({ ok: true });
    const after = await rejections(t);
    expect(after.rate! - before.rate!).toBe(10);
    expect(after.disconnected! - before.disconnected!).toBe(1);
  });
});

describe('sockets per client IP', () => {
  const t = useRealtimeServer({ SOCKET_MAX_CONNECTIONS_PER_IP: '3', TRUST_PROXY: '1' });
  // Behind one trusted proxy the client is the last X-Forwarded-For entry, as for Express's req.ip.
  const from = (ip: string) => ({ headers: { 'x-forwarded-for': `198.51.100.99, ${ip}` } });

  it('when an IP already has SOCKET_MAX_CONNECTIONS_PER_IP sockets open, then its next handshake fails with RATE_LIMITED until one closes', async () => {
    const before = await rejections(t);
    const open = [
      await t.open(undefined, from('203.0.113.7')),
      await t.open(undefined, from('203.0.113.7')),
      await t.open(undefined, from('203.0.113.7')),
    ];
    await expect(connect(t.url, undefined, from('203.0.113.7'))).rejects.toMatchObject({ message: 'RATE_LIMITED' });
    // Another client behind the same proxy is counted on its own.
    await expect(t.open(undefined, from('203.0.113.8'))).resolves.toBeDefined();

    const gone = disconnectOnServer(t, open[0]!);
    open[0]!.close();
    await gone;
    await expect(t.open(undefined, from('203.0.113.7'))).resolves.toBeDefined();
    await expect(connect(t.url, undefined, from('203.0.113.7'))).rejects.toMatchObject({ message: 'RATE_LIMITED' });

    const after = await rejections(t);
    expect(after.connections! - before.connections!).toBe(2);
  });

  it('when handshakes are refused for a bad token, then they do not use up the IP’s places', async () => {
    for (let i = 0; i < 5; i++) {
      await expect(connect(t.url, 'garbage', from('203.0.113.20'))).rejects.toMatchObject({ message: 'UNAUTHENTICATED' });
    }
    for (let i = 0; i < 3; i++) await t.open(undefined, from('203.0.113.20'));
    await expect(connect(t.url, undefined, from('203.0.113.20'))).rejects.toMatchObject({ message: 'RATE_LIMITED' });
  });
});

describe('payload size', () => {
  const t = useRealtimeServer({ SOCKET_MAX_PAYLOAD_BYTES: '1024' });

  it('when a message is larger than SOCKET_MAX_PAYLOAD_BYTES, then that connection is closed and the server keeps serving others', async () => {
    const showtime = await createShowtime(t.context, { rows: 1, seatsPerRow: 2 });
    const before = await rejections(t);
    const sender = await t.open();
    const bystander = await t.open();

    // Just under the cap the message is read (and refused by validation); the connection stays.
    await expect(send(sender, 'showtime:join', { showtimeId: 'x'.repeat(900) })).resolves.toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    const closedOnServer = disconnectOnServer(t, sender);
    const closedOnClient = clientDisconnect(sender);
    sender.socket.emit('showtime:join', { showtimeId: 'x'.repeat(2000) });
    await expect(closedOnServer).resolves.toBe('transport error');
    await expect(closedOnClient).resolves.toBe('transport close');

    await expect(bystander.join(showtime.id)).resolves.toMatchObject({ ok: true });
    await expect(t.open().then((client) => client.join(showtime.id))).resolves.toMatchObject({ ok: true });
    const after = await rejections(t);
    expect(after.payload! - before.payload!).toBe(1);
  });
});
