// The waiting room across two instances sharing one database and Redis, with both admission engines
// running (QUEUE_TICK_MS=50) on one test clock: fans queue through instance A and listen on instance B;
// the opening's admission and each minute's admissions happen once, whichever engine ticks, and reach
// the fans' sockets on B as queue:admitted and queue:position.
import supertest from 'supertest';
import { loadConfig } from '../../src/config';
import { startServer, type RunningServer } from '../../src/server';
import { testEnv } from '../support/app';
import { TestClock } from '../support/clock';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createAdmin, createShowtime, registerUsers } from '../support/factories';
import { connect, type TestSocket } from './socket-client';

const clock = new TestClock(new Date('2026-12-10T18:00:00Z'));
let database: TestDatabase;
let a: RunningServer;
let b: RunningServer;
const sockets: TestSocket[] = [];
beforeAll(async () => {
  database = await createTestDatabase();
  const config = loadConfig({
    ...testEnv,
    REDIS_URL: 'redis://127.0.0.1:6379',
    QUEUE_TICK_MS: '50',
    QUEUE_HEARTBEAT_TIMEOUT_SECONDS: '3600',
    DATABASE_URL: database.url,
  });
  a = await startServer(config, { clock });
  b = await startServer(config, { clock });
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await a?.stop();
  await b?.stop();
  await database?.drop();
});

const admittedCount = async (showtimeId: string) =>
  (await a.context.services.queue.log(showtimeId)).records
    .filter((record) => record.type === 'admit')
    .reduce((n, record) => n + JSON.parse(record.data).tickets.length, 0);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('when both instances tick, then each minute admits exactly the rate, and the fans on the other instance hear it', async () => {
  const requestA = supertest(a.url);
  const showtime = await createShowtime(a.context);
  const admin = await createAdmin(a.context, requestA);
  const opensAt = new Date(clock.now().getTime() + 60_000);
  const put = await requestA
    .put(`/api/showtimes/${showtime.id}/waiting-room`)
    .set(admin.auth)
    .send({ enabled: true, opensAt: opensAt.toISOString(), admitPerMinute: 2 });
  expect(put.status).toBe(200);

  const fans = await registerUsers(requestA, 6);
  const tickets = new Map<string, string>();
  for (const fan of fans) {
    const socket = await connect(b.url, fan.token);
    sockets.push(socket);
    const res = await requestA.post(`/api/showtimes/${showtime.id}/queue`).set(fan.auth).send();
    expect(res.status).toBe(201);
    tickets.set(fan.id, res.body.ticket.id);
  }

  clock.set(opensAt);
  for (let i = 0; i < 100 && (await admittedCount(showtime.id)) < 1; i++) await pause(20);
  await pause(300); // many more ticks by both engines, with no time passing
  expect(await admittedCount(showtime.id)).toBe(1);

  clock.advance(60);
  for (let i = 0; i < 100 && (await admittedCount(showtime.id)) < 3; i++) await pause(20);
  await pause(300);
  expect(await admittedCount(showtime.id)).toBe(3);

  const log = await a.context.services.queue.log(showtime.id);
  expect(log.verified).toBe(true);
  const admitted = log.records.filter((record) => record.type === 'admit').flatMap((record) => JSON.parse(record.data).tickets as string[]);
  for (const [index, fan] of fans.entries()) {
    const socket = sockets[index] as TestSocket;
    const ticketId = tickets.get(fan.id) as string;
    if (admitted.includes(ticketId)) {
      await expect(socket.waitFor('queue:admitted')).resolves.toEqual({ ticketId, admittedUntil: expect.any(String) });
    } else {
      const message = await socket.waitFor('queue:position', (m) => m.ticketId === ticketId && m.position <= 3);
      expect(message).toEqual({ ticketId, position: expect.any(Number), etaSeconds: expect.any(Number) });
      expect(socket.of('queue:admitted')).toEqual([]);
    }
  }
});
