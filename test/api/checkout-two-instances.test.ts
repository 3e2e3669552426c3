// Checkout lanes across two instances on one database and one Redis: each instance has its own
// registers (the lanes are per process), so no instance ever has more payments in flight than it has
// registers, and a purchase whose answer was lost on one instance and retried on the other with the same
// Idempotency-Key is still charged once and booked once. The gateway is the fake one, wrapped per instance
// so the test can count each instance's calls in flight and hold them at a gate. Postgres only: several
// instances need it (SQLite is one process per file).
import { randomUUID } from 'node:crypto';
import supertest from 'supertest';
import { loadConfig } from '../../src/config';
import { startServer } from '../../src/server';
import { createFakePaymentGateway, type PaymentGateway } from '../../src/modules/holds';
import { testEnv } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createShowtime, registerUser } from '../support/factories';
import { waitFor } from '../support/wait';

type Counted = { payments: PaymentGateway; inFlight: number; maxInFlight: number; attach(real: PaymentGateway): void };
let gate: Promise<void> | undefined;
function countedGateway(): Counted {
  let real: PaymentGateway;
  const counted: Counted = {
    inFlight: 0,
    maxInFlight: 0,
    attach: (gateway) => (real = gateway),
    payments: {
      async charge(charge) {
        counted.inFlight++;
        counted.maxInFlight = Math.max(counted.maxInFlight, counted.inFlight);
        try {
          await gate;
          return await real.charge(charge);
        } finally {
          counted.inFlight--;
        }
      },
      findCharge: (key) => real.findCharge(key),
      refund: (chargeId) => real.refund(chargeId),
    },
  };
  return counted;
}

let database: TestDatabase;
const gateways = [countedGateway(), countedGateway()];
let servers: Awaited<ReturnType<typeof startServer>>[] = [];
beforeAll(async () => {
  if (!onPostgres) return;
  database = await createTestDatabase();
  const env = {
    ...testEnv,
    DATABASE_URL: database.url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    RATE_LIMIT_REDIS_PREFIX: `marquee:test:${randomUUID()}:`,
    CHECKOUT_REGISTERS: '1',
    CHECKOUT_LINE_MAX: '10',
  };
  servers = [];
  for (const [i, counted] of gateways.entries()) {
    const running = await startServer(loadConfig({ ...env, INSTANCE_ID: `checkout-${i + 1}` }), { payments: counted.payments });
    counted.attach(createFakePaymentGateway(running.context.db));
    servers.push(running);
  }
});
afterAll(async () => {
  for (const running of servers) await running.stop();
  await database?.drop();
});

const onPostgres = process.env.DATABASE_URL?.startsWith('postgres') ?? false;

(onPostgres ? it : it.skip)(
  'when purchases arrive at two instances with one register each, then each has at most one payment in flight, and a purchase retried on the other instance is charged once',
  async () => {
    const [first, second] = servers.map((running) => supertest(running.url)) as [supertest.Agent, supertest.Agent];
    const showtime = await createShowtime(servers[0]!.context, { rows: 1, seatsPerRow: 8 });
    const users = await Promise.all([1, 2, 3, 4].map(() => registerUser(first)));
    const holds = await Promise.all(
      users.map(
        async (user, i) =>
          (
            await first
              .post(`/api/showtimes/${showtime.id}/holds`)
              .set(user.auth)
              .send({ seats: [`A${i + 1}`] })
          ).body.hold.id as string,
      ),
    );
    let open!: () => void;
    gate = new Promise<void>((done) => (open = done));
    // Two purchases at each instance, all at once (supertest sends a request when it is awaited: then() sends it now).
    const answers = holds.map((holdId, i) =>
      (i % 2 === 0 ? first : second)
        .post(`/api/holds/${holdId}/purchase`)
        .set(users[i]!.auth)
        .set('Idempotency-Key', `k-${i}`)
        .send({})
        .then((answer) => answer),
    );
    await waitFor('one payment at each instance', () => gateways.every((counted) => counted.inFlight === 1));
    gate = undefined;
    open();
    const statuses = (await Promise.all(answers)).map((answer) => answer.status);
    expect(statuses).toEqual([201, 201, 201, 201]);
    expect(gateways.map((counted) => counted.maxInFlight)).toEqual([1, 1]);

    // The same key again, on the other instance: the stored answer, nothing charged again.
    const again = await second.post(`/api/holds/${holds[0]}/purchase`).set(users[0]!.auth).set('Idempotency-Key', 'k-0').send({});
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const db = servers[0]!.context.db;
    expect(await db.booking.count({ where: { showtimeId: showtime.id } })).toBe(4);
    const charges = await db.fakePaymentCharge.findMany({ where: { idempotencyKey: { in: users.map((user, i) => `${user.id}:k-${i}`) } } });
    expect(charges).toHaveLength(4);
    expect(charges.every((charge) => charge.attempts === 1 && charge.refundedAt === null)).toBe(true); // one call each, none refunded
  },
);
