// The classroom view's feed (src/modules/classroom, src/modules/realtime/classroom-handlers.ts): an admin
// socket that sends classroom:watch gets this instance's snapshot in the ack, then one classroom:instance
// a second; anyone else is refused; and while nobody watches, nothing is built at all.
import { createAdmin, createShowtime, registerUser } from '../support/factories';
import { useRealtimeServer } from './support';
import type { TestSocket } from './socket-client';

const t = useRealtimeServer();

const watch = (client: TestSocket): Promise<any> => client.socket.timeout(10_000).emitWithAck('classroom:watch');
const unwatch = (client: TestSocket): Promise<any> => client.socket.timeout(10_000).emitWithAck('classroom:unwatch');

async function snapshotsBuilt() {
  const metric = t.context.metrics.registry.getSingleMetric('marquee_classroom_snapshots_total');
  return metric ? (await metric.get()).values.reduce((sum, sample) => sum + sample.value, 0) : 0;
}

it('when nobody watches, then no snapshot is built; one watcher gets exactly what is built, and leaving stops the work', async () => {
  // Requests and sockets, but no watcher: the publisher has no timer and has built nothing.
  const showtime = await createShowtime(t.context);
  const admin = await createAdmin(t.context, t.request);
  const customer = await registerUser(t.request);
  expect(
    (
      await t.request
        .post(`/api/showtimes/${showtime.id}/holds`)
        .set(customer.auth)
        .send({ seats: ['A1'] })
    ).status,
  ).toBe(201);
  const watcher = await t.open(admin.token);
  expect(t.realtime.classroom.running).toBe(false);
  expect(await snapshotsBuilt()).toBe(0);

  expect((await watch(watcher)).ok).toBe(true);
  expect(t.realtime.classroom.running).toBe(true);
  await watcher.waitFor('classroom:instance', () => watcher.of('classroom:instance').length >= 2);
  expect((await unwatch(watcher)).ok).toBe(true);
  expect(t.realtime.classroom.running).toBe(false);
  // Every snapshot built went to the one watcher, and the ack of its leave came after the last of them.
  expect(await snapshotsBuilt()).toBe(watcher.of('classroom:instance').length);
});

it('when an admin watches, then snapshots name this instance, count requests and sockets, and a new hold shows one more active hold', async () => {
  const showtime = await createShowtime(t.context);
  const admin = await createAdmin(t.context, t.request);
  const customer = await registerUser(t.request);
  const watcher = await t.open(admin.token);

  const ack = await watch(watcher);
  expect(ack.ok).toBe(true);
  expect(ack.snapshot).toMatchObject({
    instance: t.context.instance.id,
    bootId: t.context.instance.bootId,
    database: { up: true },
    redis: 'off',
    replicas: [],
    checkout: { registers: t.context.config.CHECKOUT_REGISTERS, busy: 0, line: 0, breaker: 'closed' },
    waitingRoom: { waiting: 0, admitted: 0 },
  });
  expect(ack.snapshot.sockets).toBeGreaterThanOrEqual(1);
  const before = ack.snapshot.activeHolds as number;

  const hold = await t.request
    .post(`/api/showtimes/${showtime.id}/holds`)
    .set(customer.auth)
    .send({ seats: ['B3', 'B4'] });
  expect(hold.status).toBe(201);
  const after = await watcher.waitFor('classroom:instance', (snapshot) => snapshot.activeHolds === before + 1);
  expect(after.instance).toBe(t.context.instance.id);
  expect(after.sockets).toBeGreaterThanOrEqual(1);
  // The hold and the sign-ups were HTTP requests answered since the previous snapshot or the start.
  expect(watcher.of('classroom:instance').some((snapshot) => snapshot.requestsPerSecond > 0)).toBe(true);
  expect(watcher.of('classroom:instance').every((snapshot) => snapshot.activeHolds === before || snapshot.activeHolds === before + 1)).toBe(
    true,
  );

  // The same figures over HTTP, for a first paint.
  const http = await t.request.get('/api/admin/classroom').set(admin.auth);
  expect(http.status).toBe(200);
  expect(http.body).toMatchObject({ instance: t.context.instance.id, activeHolds: before + 1, database: { up: true } });
});

it('when a customer or an anonymous socket asks to watch, then it is refused with FORBIDDEN and hears no snapshot', async () => {
  const customer = await registerUser(t.request);
  const admin = await createAdmin(t.context, t.request);
  const [customerSocket, anonymous, watcher] = [await t.open(customer.token), await t.open(), await t.open(admin.token)];

  for (const client of [customerSocket, anonymous]) {
    const refused = await watch(client);
    expect(refused).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Only an admin can watch the classroom view' } });
  }
  expect((await customerSocket.socket.timeout(10_000).emitWithAck('classroom:watch', { all: true })).error.code).toBe('VALIDATION_FAILED');
  expect((await t.request.get('/api/admin/classroom').set(customer.auth)).status).toBe(403);
  expect((await t.request.get('/api/admin/classroom')).status).toBe(401);

  // Fence: the admin hears two snapshots; the refused sockets, still connected, heard none of them.
  expect((await watch(watcher)).ok).toBe(true);
  await watcher.waitFor('classroom:instance', () => watcher.of('classroom:instance').length >= 2);
  expect(customerSocket.socket.connected && anonymous.socket.connected).toBe(true);
  expect([...customerSocket.of('classroom:instance'), ...anonymous.of('classroom:instance')]).toEqual([]);
});

it('when fans queue in a waiting room that is not open yet, then the snapshot counts them in line and none admitted', async () => {
  const showtime = await createShowtime(t.context);
  const admin = await createAdmin(t.context, t.request);
  const opensAt = new Date(t.context.clock.now().getTime() + 3600_000).toISOString();
  const room = await t.request
    .put(`/api/showtimes/${showtime.id}/waiting-room`)
    .set(admin.auth)
    .send({ enabled: true, opensAt, admitPerMinute: 10 });
  expect(room.status).toBe(200);
  for (const fan of [await registerUser(t.request), await registerUser(t.request)]) {
    expect((await t.request.post(`/api/showtimes/${showtime.id}/queue`).set(fan.auth)).body.ticket.status).toBe('waiting');
  }
  const snapshot = await t.request.get('/api/admin/classroom').set(admin.auth);
  expect(snapshot.body.waitingRoom).toEqual({ waiting: 2, admitted: 0 });
});
