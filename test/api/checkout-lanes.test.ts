// Checkout lanes (docs/checkout-lanes.md): with 2 registers and a line of 3, the payment calls in flight
// never pass 2, three purchases wait (their holds kept past the original deadline), the rest answer 503
// CHECKOUT_BUSY; a failing gateway opens the breaker, which answers 503 fast and closes after recovery;
// no key is ever charged twice. The gateway is the fake one, wrapped: its charges wait on a gate the test
// opens, and it can be made to fail. Time for the holds comes from a TestClock.
import { startTestServer } from '../support/app';
import { TestClock } from '../support/clock';
import { createShowtime, registerUsers, type TestUser } from '../support/factories';
import { call, type Reply } from '../support/http';
import { waitFor } from '../support/wait';
import { createFakePaymentGateway, PaymentGatewayError, type PaymentGateway } from '../../src/modules/holds';
import type { DomainEvents } from '../../src/lib/events';

const clock = new TestClock();
let server: Awaited<ReturnType<typeof startTestServer>>;
let users: TestUser[];

let real: PaymentGateway;
const gateway = { calls: 0, inFlight: 0, maxInFlight: 0, failing: false, gate: undefined as Promise<void> | undefined };
const payments: PaymentGateway = {
  async charge(charge) {
    gateway.calls++;
    gateway.inFlight++;
    gateway.maxInFlight = Math.max(gateway.maxInFlight, gateway.inFlight);
    try {
      await gateway.gate;
      if (gateway.failing) throw new PaymentGatewayError('test: the provider is down');
      return await real.charge(charge);
    } finally {
      gateway.inFlight--;
    }
  },
  findCharge: (key) => real.findCharge(key),
  refund: (chargeId) => real.refund(chargeId),
};
function closeGate() {
  let open!: () => void;
  gateway.gate = new Promise<void>((done) => (open = done));
  return () => ((gateway.gate = undefined), open());
}

beforeAll(async () => {
  server = await startTestServer(
    {
      CHECKOUT_REGISTERS: '2',
      CHECKOUT_LINE_MAX: '3',
      CHECKOUT_LINE_TIMEOUT_MS: '60000',
      PAYMENT_BREAKER_VOLUME: '3',
      PAYMENT_BREAKER_ERROR_PERCENT: '50',
      PAYMENT_BREAKER_RESET_MS: '300',
      HOLD_TTL_SECONDS: '60',
      HOLD_SWEEP_INTERVAL_MS: '3600000',
      HOLD_EXPIRING_WARNING_SECONDS: '0',
    },
    { clock, payments },
  );
  real = createFakePaymentGateway(server.context.db);
  users = await registerUsers(server.request, 8);
});
afterAll(() => server.close());

const holdSeat = async (user: TestUser, showtimeId: string, seat: string) => {
  const reply = await call(server.url, 'POST', `/api/showtimes/${showtimeId}/holds`, { token: user.token, body: { seats: [seat] } });
  expect(reply.status).toBe(201);
  return reply.body.hold as { id: string; expiresAt: string };
};
const purchase = (user: TestUser, holdId: string, key: string) =>
  call(server.url, 'POST', `/api/holds/${holdId}/purchase`, { token: user.token, body: {}, headers: { 'idempotency-key': key } });
const state = () => server.context.services.holds.checkoutState();
const metric = async (name: string) => {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
};

it('when 8 purchases meet 2 registers and a line of 3, then 2 pay at once, 3 wait with their holds kept, 3 answer CHECKOUT_BUSY', async () => {
  const showtime = await createShowtime(server.context, { rows: 2, seatsPerRow: 8 });
  const start = clock.now().getTime();
  // Six holds now (deadline start + 60 s); the two that go straight to a register are made 30 s later,
  // so only holds that waited in line see their original deadline pass.
  const later = await Promise.all(users.slice(2).map((user, n) => holdSeat(user, showtime.id, `A${n + 1}`)));
  clock.advance(30);
  const first = await Promise.all(users.slice(0, 2).map((user, n) => holdSeat(user, showtime.id, `B${n + 1}`)));
  const positions: DomainEvents['checkout.position'][] = [];
  const off = server.context.events.on('checkout.position', (event) => positions.push(event));

  const open = closeGate();
  gateway.maxInFlight = 0;
  const replies: (Reply | undefined)[] = Array.from({ length: 8 }, () => undefined);
  const fire = (n: number, holdId: string) => purchase(users[n] as TestUser, holdId, `lanes-${n}`).then((reply) => (replies[n] = reply));
  const atRegisters = first.map((hold, n) => fire(n, hold.id));
  await waitFor('two payment calls in flight', () => gateway.inFlight === 2);
  const queued = later.map((hold, n) => fire(n + 2, hold.id));
  await waitFor('three waiting, three turned away', () => state().waiting === 3 && replies.filter(Boolean).length === 3);

  const busy = replies.filter((reply): reply is Reply => reply !== undefined);
  for (const reply of busy) {
    expect(reply.status).toBe(503);
    expect(reply.body.error.code).toBe('CHECKOUT_BUSY');
    expect(Number(reply.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  }
  expect(state()).toMatchObject({ busy: 2, waiting: 3 });
  expect(await metric('marquee_checkout_line_length')).toBe(3);
  expect(await metric('marquee_checkout_registers_busy')).toBe(2);

  // The original deadline of the waiting holds passes; the expiry takes only the turned-away ones.
  clock.set(new Date(start + 61_000));
  expect(await server.context.services.holds.expireOverdueIn(showtime.id)).toBe(3);
  open();
  await Promise.all([...atRegisters, ...queued]);

  expect(gateway.maxInFlight).toBe(2);
  expect(replies.map((reply) => reply?.status).sort()).toEqual([201, 201, 201, 201, 201, 503, 503, 503]);
  const db = server.context.db;
  const boughtLater = later.filter((_, n) => replies[n + 2]?.status === 201).map((hold) => hold.id);
  expect(boughtLater).toHaveLength(3);
  for (const id of boughtLater) expect((await db.hold.findUniqueOrThrow({ where: { id } })).status).toBe('purchased');
  // Each waiting purchase heard its place, and 0 when it reached a register.
  for (const id of boughtLater) expect(positions.filter((p) => p.holdId === id).map((p) => p.position)).toContain(0);
  off();
  const ours = (await db.fakePaymentCharge.findMany()).filter((charge) => charge.idempotencyKey.includes(':lanes-'));
  expect(ours).toHaveLength(5);
  expect(ours.every((charge) => charge.attempts === 1 && charge.refundedAt === null)).toBe(true);
  expect(await metric('marquee_checkout_registers_busy')).toBe(0);
});

it('when the gateway fails, then the breaker opens (fast 503s, gateway left alone) and closes after recovery, each key charged once', async () => {
  const showtime = await createShowtime(server.context, { rows: 1, seatsPerRow: 8 });
  const holds = await Promise.all(users.slice(0, 4).map((user, n) => holdSeat(user, showtime.id, `A${n + 1}`)));
  const buy = (n: number) => purchase(users[n] as TestUser, (holds[n] as { id: string }).id, `breaker-${n}`);
  gateway.failing = true;
  // Failures until at least half of the window's charges failed (the first test's successes count too);
  // each try is a retry of a 503'd purchase with its own key, which stays unanswered and retryable.
  let failures = 0;
  while (state().breaker !== 'open' && failures < 20) {
    const reply = await buy(failures % 3);
    expect([reply.status, reply.body.error.code]).toEqual([503, 'SERVICE_UNAVAILABLE']);
    failures++;
  }
  expect(failures).toBeGreaterThanOrEqual(3); // PAYMENT_BREAKER_VOLUME
  expect(state().breaker).toBe('open');
  expect(await metric('marquee_payment_breaker_state')).toBe(2);
  const callsWhenOpened = gateway.calls;
  const fast = await buy(3);
  expect([fast.status, fast.body.error.code]).toEqual([503, 'SERVICE_UNAVAILABLE']);
  expect(Number(fast.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(gateway.calls).toBe(callsWhenOpened); // answered without calling the gateway

  gateway.failing = false;
  await waitFor('the breaker to try again', () => state().breaker === 'half-open');
  // The same keys again: each purchase ends once, charged once.
  expect((await buy(0)).status).toBe(201);
  expect(state().breaker).toBe('closed');
  for (const n of [1, 2, 3]) expect((await buy(n)).status).toBe(201);
  expect((await buy(0)).headers.get('idempotent-replayed')).toBe('true');
  const charges = (await server.context.db.fakePaymentCharge.findMany()).filter((c) => c.idempotencyKey.includes(':breaker-'));
  expect(charges).toHaveLength(4);
  expect(charges.every((charge) => charge.attempts === 1)).toBe(true);
  expect(await server.context.db.booking.count({ where: { showtimeId: showtime.id } })).toBe(4);
});

it('when the fake gateway has a failure rate, then that share of its calls fail, evenly and before any money moves', async () => {
  const fake = createFakePaymentGateway(server.context.db, { failureRate: 0.5 });
  const outcomes: string[] = [];
  for (let n = 0; n < 4; n++) {
    const charge = { amountCents: 100, paymentToken: 'tok', idempotencyKey: `rate-${n}`, description: 'test' };
    outcomes.push(
      await fake.charge(charge).then(
        () => 'ok',
        (error: unknown) => (error instanceof PaymentGatewayError ? 'failed' : 'other'),
      ),
    );
  }
  expect(outcomes).toEqual(['ok', 'failed', 'ok', 'failed']);
  expect(await server.context.db.fakePaymentCharge.count({ where: { idempotencyKey: { startsWith: 'rate-' } } })).toBe(2);
});
