// The waiting room through the API and the admission tick, run directly on a test clock: the contract's
// answers; 500 fans queued before the opening admitted in exactly the recorded random order, later ones
// first come first served; the rate per minute; a vanished fan's place lapsing; holds needing a live
// admission; and two instances ticking at once admitting exactly the right number.
import { randomUUID } from 'node:crypto';
import supertest from 'supertest';
import { loadConfig } from '../../src/config';
import { createApp } from '../../src/app';
import { createContext, type AppContext } from '../../src/context';
import { drawOrder, seedHashOf } from '../../src/modules/queue';
import { createTestApp, testEnv, type TestApp } from '../support/app';
import { TestClock } from '../support/clock';
import { createTestDatabase } from '../support/database';
import { waitFor } from '../support/wait';
import { createAdmin, createShowtime, registerUser, type TestUser } from '../support/factories';

const clock = new TestClock(new Date('2026-12-10T18:00:00Z'));
let t: TestApp;
let admin: TestUser;
beforeAll(async () => {
  // Fans wait up to half an hour here without a heartbeat; the lapse test moves the clock past this.
  t = await createTestApp({ QUEUE_HEARTBEAT_TIMEOUT_SECONDS: '3600' }, { clock });
  admin = await createAdmin(t.context, t.request);
});
afterAll(() => t.close());

const minutesFromNow = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000).toISOString();
async function openRoom(context: AppContext, settings: { opensAt?: string; admitPerMinute: number; maxActive?: number }) {
  const showtime = await createShowtime(context);
  const res = await t.request
    .put(`/api/showtimes/${showtime.id}/waiting-room`)
    .set(admin.auth)
    .send({ enabled: true, ...settings });
  expect(res.status).toBe(200);
  return { showtimeId: showtime.id as string, room: res.body.waitingRoom };
}
const queue = (user: TestUser, showtimeId: string) => t.request.post(`/api/showtimes/${showtimeId}/queue`).set(user.auth).send();
const ticketOf = async (user: TestUser, ticketId: string) => (await t.request.get(`/api/queue/${ticketId}`).set(user.auth)).body.ticket;
const holdA = (user: TestUser, showtimeId: string, label = 'A1') =>
  t.request
    .post(`/api/showtimes/${showtimeId}/holds`)
    .set(user.auth)
    .send({ seats: [label] });
const admittedInLog = async (context: AppContext, showtimeId: string) =>
  (await context.services.queue.log(showtimeId)).records
    .filter((record) => record.type === 'admit')
    .flatMap((record) => JSON.parse(record.data).tickets as string[]);

describe('the contract', () => {
  it('when a customer sets up a room, then 403; when an admin does, then 200 with the seed committed but secret', async () => {
    const showtime = await createShowtime(t.context);
    const customer = await registerUser(t.request);
    const body = { enabled: true, opensAt: minutesFromNow(10), admitPerMinute: 30 };
    expect((await t.request.put(`/api/showtimes/${showtime.id}/waiting-room`).set(customer.auth).send(body)).status).toBe(403);
    const res = await t.request.put(`/api/showtimes/${showtime.id}/waiting-room`).set(admin.auth).send(body);
    expect(res.status).toBe(200);
    expect(res.body.waitingRoom).toMatchObject({ enabled: true, admitPerMinute: 30, maxActive: null, seed: null, drawnAt: null });
    expect(res.body.waitingRoom.seedHash).toMatch(/^[0-9a-f]{64}$/);
    const unknown = await t.request.put(`/api/showtimes/${randomUUID()}/waiting-room`).set(admin.auth).send(body);
    expect(unknown.status).toBe(404);
  });

  it('when a fan queues before the opening, then 201 waiting with a null position and a numeric ETA; again, then 200 with the same ticket', async () => {
    const { showtimeId } = await openRoom(t.context, { opensAt: minutesFromNow(10), admitPerMinute: 30 });
    const fan = await registerUser(t.request);
    const first = await queue(fan, showtimeId);
    expect(first.status).toBe(201);
    expect(first.body.ticket).toMatchObject({ showtimeId, status: 'waiting', position: null });
    expect(typeof first.body.ticket.etaSeconds).toBe('number');
    expect(first.body.ticket.etaSeconds).toBeGreaterThanOrEqual(600);
    const again = await queue(fan, showtimeId);
    expect(again.status).toBe(200);
    expect(again.body.ticket.id).toBe(first.body.ticket.id);

    clock.advance(10 * 60);
    await t.context.services.queue.tick(showtimeId);
    const ticket = await ticketOf(fan, first.body.ticket.id);
    expect(ticket.status).toBe('admitted');
    expect(new Date(ticket.admittedUntil).getTime()).toBe(clock.now().getTime() + 10 * 60_000);
    const room = (await t.request.get(`/api/showtimes/${showtimeId}/waiting-room`)).body.waitingRoom;
    expect(seedHashOf(room.seed)).toBe(room.seedHash);
  });

  it('when the room is open and nobody is in line, then queueing admits at once; the next fan waits at position 1', async () => {
    const { showtimeId } = await openRoom(t.context, { admitPerMinute: 2 });
    await t.context.services.queue.tick(showtimeId); // the opening
    const [first, second] = [await registerUser(t.request), await registerUser(t.request)];
    const res = await queue(first, showtimeId);
    expect(res.status).toBe(201);
    expect(res.body.ticket.status).toBe('admitted');
    expect(res.body.ticket.admittedUntil).toEqual(expect.any(String));
    const next = await queue(second, showtimeId);
    expect(next.body.ticket).toMatchObject({ status: 'waiting', position: 1, etaSeconds: 30 });
    const other = await t.request.get(`/api/queue/${next.body.ticket.id}`).set(first.auth);
    expect(other.status).toBe(404);
  });
});

describe('holds behind the waiting room', () => {
  it('when a fan holds without an admission, then 403 NOT_ADMITTED; admitted, then 201; after the admission ends, then 403 again', async () => {
    const { showtimeId } = await openRoom(t.context, { opensAt: minutesFromNow(5), admitPerMinute: 10 });
    const fan = await registerUser(t.request);
    const refused = await holdA(fan, showtimeId);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('NOT_ADMITTED');
    const ticketId = (await queue(fan, showtimeId)).body.ticket.id;
    expect((await holdA(fan, showtimeId)).body.error.code).toBe('NOT_ADMITTED');

    clock.advance(5 * 60);
    await t.context.services.queue.tick(showtimeId);
    expect((await ticketOf(fan, ticketId)).status).toBe('admitted');
    expect((await holdA(fan, showtimeId, 'A1')).status).toBe(201);

    clock.advance(10 * 60 + 1);
    const late = await holdA(fan, showtimeId, 'A2');
    expect(late.status).toBe(403);
    expect(late.body.error.code).toBe('NOT_ADMITTED');
    await t.context.services.queue.tick(showtimeId);
    expect((await ticketOf(fan, ticketId)).status).toBe('expired');
  });

  it('when the room is off, then holds need no admission', async () => {
    const { showtimeId } = await openRoom(t.context, { admitPerMinute: 10 });
    await t.request.put(`/api/showtimes/${showtimeId}/waiting-room`).set(admin.auth).send({ enabled: false, admitPerMinute: 10 });
    expect((await holdA(await registerUser(t.request), showtimeId)).status).toBe(201);
  });
});

describe('the line', () => {
  it('when 500 fans queue before the opening, then they are admitted in the recorded random order, later ones FIFO, at the rate, and the log verifies', async () => {
    const { showtimeId } = await openRoom(t.context, { opensAt: minutesFromNow(30), admitPerMinute: 100 });
    const service = t.context.services.queue;
    const early: string[] = [];
    for (let i = 0; i < 500; i++) {
      early.push((await service.join(randomUUID(), showtimeId)).ticket.id);
      if (i % 50 === 0) clock.advance(1); // arrivals spread over the half hour before the opening
    }
    clock.set(new Date(Date.parse((await service.getRoom(showtimeId)).opensAt)));
    await service.tick(showtimeId); // the draw; one admission is ready at the opening
    const late: string[] = [];
    for (let i = 0; i < 20; i++) late.push((await service.join(randomUUID(), showtimeId)).ticket.id);

    const counts: number[] = [];
    for (let minute = 0; minute < 5; minute++) {
      clock.advance(60);
      counts.push((await service.tick(showtimeId)).admitted.length);
    }
    expect(counts).toEqual([100, 100, 100, 100, 100]);
    clock.advance(60);
    await service.tick(showtimeId);

    const { seed } = await service.getRoom(showtimeId);
    const expected = [...drawOrder(seed as string, early), ...late];
    expect(await admittedInLog(t.context, showtimeId)).toEqual(expected);
    const log = await service.log(showtimeId);
    expect(log.problems).toEqual([]);
    expect(log.verified).toBe(true);
    expect(JSON.parse(log.records.find((record) => record.type === 'draw')?.data ?? '{}').order).toEqual(drawOrder(seed as string, early));

    // Tampering: move one admission ahead of its turn, re-chaining the hashes honestly; the replay still catches it.
    const { nextRecord } = await import('../../src/modules/queue/queue-log');
    const forged = log.records.map((record) => ({ ...record }));
    const index = forged.findIndex((record) => record.type === 'admit' && JSON.parse(record.data).tickets.length > 1);
    const data = JSON.parse(forged[index]!.data);
    data.tickets.reverse();
    for (let i = index; i < forged.length; i++) {
      const record = forged[i]!;
      forged[i] = nextRecord(forged[i - 1], {
        showtimeId,
        at: new Date(record.at),
        type: record.type,
        data: i === index ? data : JSON.parse(record.data),
      });
    }
    const { verifyQueueLog } = await import('../../src/modules/queue');
    expect(verifyQueueLog(showtimeId, forged).verified).toBe(false);
  });

  it('when a fan stops sending heartbeats, then their place lapses and the fan behind moves up', async () => {
    const { showtimeId } = await openRoom(t.context, { admitPerMinute: 1 });
    const service = t.context.services.queue;
    await service.tick(showtimeId);
    const [first, vanished, patient] = [await registerUser(t.request), await registerUser(t.request), await registerUser(t.request)];
    expect((await queue(first, showtimeId)).body.ticket.status).toBe('admitted');
    const gone = (await queue(vanished, showtimeId)).body.ticket.id;
    const stays = (await queue(patient, showtimeId)).body.ticket;
    expect(stays.position).toBe(2);
    clock.advance(3000);
    await ticketOf(patient, stays.id); // a heartbeat
    clock.advance(700); // 3,700 s since the vanished fan was last seen (QUEUE_HEARTBEAT_TIMEOUT_SECONDS=3600)
    await service.tick(showtimeId);
    expect((await ticketOf(vanished, gone)).status).toBe('expired');
    const moved = await ticketOf(patient, stays.id);
    expect(moved.status === 'admitted' || moved.position === 1).toBe(true);
    expect((await service.log(showtimeId)).verified).toBe(true);
  });

  it('when an admitted fan gives the admission back, then the next in line is admitted at once', async () => {
    const { showtimeId } = await openRoom(t.context, { admitPerMinute: 1, maxActive: 1 });
    await t.context.services.queue.tick(showtimeId);
    const [first, second] = [await registerUser(t.request), await registerUser(t.request)];
    const admitted = (await queue(first, showtimeId)).body.ticket;
    const waiting = (await queue(second, showtimeId)).body.ticket;
    expect(waiting.status).toBe('waiting');
    expect((await t.request.delete(`/api/queue/${admitted.id}`).set(first.auth)).status).toBe(204);
    expect((await ticketOf(second, waiting.id)).status).toBe('admitted');
  });

  it('when an admitted fan buys their seats, then the admission is given back and the next in line is admitted', async () => {
    const { showtimeId } = await openRoom(t.context, { admitPerMinute: 1, maxActive: 1 });
    await t.context.services.queue.tick(showtimeId);
    const [buyer, next] = [await registerUser(t.request), await registerUser(t.request)];
    const admitted = (await queue(buyer, showtimeId)).body.ticket;
    const waiting = (await queue(next, showtimeId)).body.ticket;
    const hold = (await holdA(buyer, showtimeId)).body.hold;
    const bought = await t.request
      .post(`/api/holds/${hold.id}/purchase`)
      .set(buyer.auth)
      .set('Idempotency-Key', randomUUID())
      .send({ paymentToken: 'tok_visa' });
    expect(bought.status).toBe(201);
    // The admission goes back after the purchase commits, from the booking event.
    await waitFor('the buyer’s admission to be given back', async () => (await ticketOf(buyer, admitted.id)).status === 'left');
    expect((await ticketOf(next, waiting.id)).status).toBe('admitted');
  });
});

describe('two instances', () => {
  it('when two instances tick the same room at once, then exactly the right number is admitted', async () => {
    const database = await createTestDatabase();
    const config = loadConfig({ ...testEnv, QUEUE_HEARTBEAT_TIMEOUT_SECONDS: '86400', DATABASE_URL: database.url });
    const a = createContext(config, { clock });
    const b = createContext(config, { clock });
    try {
      const showtime = await createShowtime(a);
      const requestA = supertest(createApp(a));
      const boss = await createAdmin(a, requestA);
      const opensAt = minutesFromNow(1);
      await requestA.put(`/api/showtimes/${showtime.id}/waiting-room`).set(boss.auth).send({ enabled: true, opensAt, admitPerMinute: 30 });
      for (let i = 0; i < 100; i++) await (i % 2 ? a : b).services.queue.join(randomUUID(), showtime.id);
      clock.set(new Date(opensAt));
      const ticks = async () =>
        (await Promise.all([a, b, a, b].map((context) => context.services.queue.tick(showtime.id)))).reduce(
          (n, r) => n + r.admitted.length,
          0,
        );
      expect(await ticks()).toBe(1);
      clock.advance(60);
      expect(await ticks()).toBe(30);
      clock.advance(30);
      expect(await ticks()).toBe(15);
      const admitted = await admittedInLog(a, showtime.id);
      expect(admitted).toHaveLength(46);
      expect(new Set(admitted).size).toBe(46);
      expect((await b.services.queue.log(showtime.id)).verified).toBe(true);
    } finally {
      await a.close();
      await b.close();
      await database.drop();
    }
  });
});
