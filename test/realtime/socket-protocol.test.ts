// The socket protocol itself, driven through a real server: handshake auth, payload validation, error
// acks, personal routing and coalescing of events put on the domain bus.
import jwt from 'jsonwebtoken';
import { createShowtime, registerUser, type TestUser } from '../support/factories';
import { connect } from './socket-client';
import { useRealtimeServer } from './support';

const t = useRealtimeServer({ REALTIME_COALESCE_MS: '50' });
const { open } = t;

describe('handshake', () => {
  it('when the token is forged, then the connection fails with connect_error UNAUTHENTICATED', async () => {
    const user = await registerUser(t.request);
    const forged = jwt.sign({}, 'not-the-server-secret-at-all', { algorithm: 'HS256', subject: user.id });
    await expect(connect(t.url, forged)).rejects.toMatchObject({ message: 'UNAUTHENTICATED' });
    await expect(connect(t.url, 'garbage')).rejects.toMatchObject({ message: 'UNAUTHENTICATED' });
  });

  it('when a socket connects, then its first message is server:hello naming the instance that holds it', async () => {
    const client = await open();
    await expect(client.waitFor('server:hello')).resolves.toEqual({ instance: t.context.instance.id });
    expect(client.received[0]?.event).toBe('server:hello');
  });

  it('when no token is given, then the socket may watch a seat map', async () => {
    const showtime = await createShowtime(t.context, { rows: 2, seatsPerRow: 3 });
    const ack = await (await open()).join(showtime.id);
    expect(ack).toEqual({ ok: true, snapshot: { showtimeId: showtime.id, version: 0, seats: expect.any(Array) } });
    if (ack.ok) expect(ack.snapshot.seats.map((seat) => seat.status)).toEqual(Array(6).fill('available'));
  });

  it('when the account behind a connected socket is gone, then its next event is refused and the socket is disconnected', async () => {
    const user = await registerUser(t.request);
    const showtime = await createShowtime(t.context, { rows: 1, seatsPerRow: 2 });
    const client = await open(user.token);
    await t.context.db.user.delete({ where: { id: user.id } });
    const disconnected = new Promise((resolve) => client.socket.once('disconnect', resolve));
    await expect(client.join(showtime.id)).resolves.toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    await expect(disconnected).resolves.toBe('io server disconnect');
  });
});

describe('payload validation', () => {
  it('when payloads are malformed or the showtime unknown, then each gets an error ack and the server keeps serving', async () => {
    const user = await registerUser(t.request);
    const showtime = await createShowtime(t.context, { rows: 1, seatsPerRow: 2 });
    const client = await open(user.token);
    const ask = (...args: unknown[]) => client.socket.timeout(10_000).emitWithAck('showtime:join', ...args);

    await expect(ask({})).resolves.toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    await expect(ask({ showtimeId: 42 })).resolves.toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    await expect(ask('just a string')).resolves.toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    await expect(ask()).resolves.toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    await expect(ask({ showtimeId: showtime.id, extra: true })).resolves.toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    await expect(ask({ showtimeId: 'no-such-showtime' })).resolves.toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.any(String) },
    });
    await expect(client.socket.timeout(10_000).emitWithAck('showtime:leave', { showtimeId: null })).resolves.toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    client.socket.emit('showtime:join', { showtimeId: showtime.id });
    client.socket.emit('showtime:join');

    const later = await client.join(showtime.id);
    expect(later).toMatchObject({ ok: true, snapshot: { showtimeId: showtime.id } });
    expect(client.socket.connected).toBe(true);
  });

  it('when a socket leaves a showtime, then it gets no more of its seat changes', async () => {
    const [one, two] = [await createShowtime(t.context), await createShowtime(t.context)];
    const client = await open();
    await client.join(one.id);
    await client.join(two.id);
    await expect(client.socket.timeout(10_000).emitWithAck('showtime:leave', { showtimeId: one.id })).resolves.toEqual({ ok: true });

    t.context.events.emit('seats.changed', { showtimeId: one.id, version: 1, changes: [{ label: 'A1', status: 'held' }] });
    t.context.events.emit('seats.changed', { showtimeId: two.id, version: 1, changes: [{ label: 'A1', status: 'held' }] });
    await client.waitFor('seats:changed', (message) => message.showtimeId === two.id);
    expect(client.of('seats:changed').map((message) => message.showtimeId)).toEqual([two.id]);
  });
});

describe('coalescing', () => {
  it('when events arrive within the window, then the room gets one message with merged changes and the span of versions', async () => {
    const showtime = await createShowtime(t.context);
    const client = await open();
    await client.join(showtime.id);
    const emit = (version: number, changes: Array<{ label: string; status: 'available' | 'held' | 'sold' }>) =>
      t.context.events.emit('seats.changed', { showtimeId: showtime.id, version, changes });

    emit(1, [{ label: 'A2', status: 'held' }]);
    emit(3, [
      { label: 'A2', status: 'sold' },
      { label: 'B1', status: 'held' },
    ]);
    emit(2, [
      { label: 'A1', status: 'held' },
      { label: 'A2', status: 'available' },
    ]);
    await client.waitFor('seats:changed');

    expect(client.of('seats:changed')).toEqual([
      {
        showtimeId: showtime.id,
        fromVersion: 0,
        version: 3,
        changes: [
          { label: 'A1', status: 'held' },
          { label: 'A2', status: 'sold' },
          { label: 'B1', status: 'held' },
        ],
      },
    ]);
  });
});

describe('personal events', () => {
  let owner: TestUser;
  let other: TestUser;
  beforeAll(async () => {
    [owner, other] = [await registerUser(t.request), await registerUser(t.request)];
  });

  it('when a waitlist offer is made, then every socket of its owner gets waitlist:offer and nobody else does', async () => {
    const [tabOne, tabTwo, stranger, anonymous] = [await open(owner.token), await open(owner.token), await open(other.token), await open()];
    const expiresAt = new Date('2030-01-01T10:00:00.000Z');
    t.context.events.emit('waitlist.offer', {
      entryId: 'entry-1',
      userId: owner.id,
      showtimeId: 'showtime-1',
      holdId: 'hold-1',
      seats: ['C7', 'C8'],
      expiresAt,
    });
    // Fence: a later personal event for the stranger proves the offer would have arrived by now.
    t.context.events.emit('waitlist.position', { entryId: 'entry-2', userId: other.id, showtimeId: 'showtime-1', position: 3 });

    const expected = { entryId: 'entry-1', holdId: 'hold-1', seats: ['C7', 'C8'], expiresAt: '2030-01-01T10:00:00.000Z' };
    await expect(tabOne.waitFor('waitlist:offer')).resolves.toEqual(expected);
    await expect(tabTwo.waitFor('waitlist:offer')).resolves.toEqual(expected);
    await expect(stranger.waitFor('waitlist:position')).resolves.toEqual({ entryId: 'entry-2', position: 3 });
    expect(stranger.of('waitlist:offer')).toHaveLength(0);
    expect(anonymous.received.filter((message) => message.event !== 'server:hello')).toEqual([]);
  });

  it('when waitlist position and expiry events happen, then the owner gets them as waitlist:position and waitlist:expired', async () => {
    const client = await open(owner.token);
    t.context.events.emit('waitlist.position', { entryId: 'entry-3', userId: owner.id, showtimeId: 's', position: 1 });
    t.context.events.emit('waitlist.expired', { entryId: 'entry-3', userId: owner.id, showtimeId: 's' });
    await expect(client.waitFor('waitlist:expired')).resolves.toEqual({ entryId: 'entry-3' });
    expect(client.received).toEqual([
      { event: 'server:hello', payload: { instance: t.context.instance.id } },
      { event: 'waitlist:position', payload: { entryId: 'entry-3', position: 1 } },
      { event: 'waitlist:expired', payload: { entryId: 'entry-3' } },
    ]);
  });
});

describe('metrics', () => {
  it('when sockets connect and join, then the gauges and the message counter show it', async () => {
    const showtime = await createShowtime(t.context);
    const client = await open();
    await client.join(showtime.id);
    t.context.events.emit('seats.changed', { showtimeId: showtime.id, version: 1, changes: [{ label: 'A1', status: 'held' }] });
    await client.waitFor('seats:changed');

    const text = (await t.request.get('/metrics')).text;
    const value = (series: string) =>
      Number(
        text
          .split('\n')
          .find((line) => line.startsWith(`${series} `))
          ?.split(' ')[1],
      );
    expect(value('marquee_realtime_connected_sockets')).toBeGreaterThanOrEqual(1);
    expect(value('marquee_realtime_rooms')).toBeGreaterThanOrEqual(1);
    expect(value('marquee_realtime_messages_sent_total{event="seats:changed"}')).toBeGreaterThanOrEqual(1);
  });

  it('when nobody has a socket in the room, then the message is not sent at all', async () => {
    const sent = async (event: string) => {
      const text = (await t.request.get('/metrics')).text;
      return Number(
        text
          .split('\n')
          .find((line) => line.startsWith(`marquee_realtime_messages_sent_total{event="${event}"} `))
          ?.split(' ')[1] ?? 0,
      );
    };
    const before = await sent('hold:expired');
    t.context.events.emit('hold.expired', { holdId: 'hold-nobody', userId: 'user-without-socket', showtimeId: 's' });
    expect(await sent('hold:expired')).toBe(before);

    const user = await registerUser(t.request);
    const client = await open(user.token);
    t.context.events.emit('hold.expired', { holdId: 'hold-1', userId: user.id, showtimeId: 's' });
    await expect(client.waitFor('hold:expired')).resolves.toEqual({ holdId: 'hold-1' });
    expect(await sent('hold:expired')).toBe(before + 1);
  });
});
