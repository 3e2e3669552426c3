// Purchases resumed after a crash, from each recovery point. A crash is simulated by the state it leaves:
// an idempotency record still "in progress", owned by a boot that is over (an earlier boot of this
// instance) or by a live one, at recovery point `started` (maybe charged) or `charged`.
import { createTestApp, type TestApp } from '../support/app';
import { createShowtime, registerUser, type TestUser } from '../support/factories';
import { fingerprint } from '../../src/modules/holds/idempotency';
import { createFakePaymentGateway } from '../../src/modules/holds';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function holdSeats(user: TestUser, seats: string[]) {
  const showtime = await createShowtime(t.context, { priceCents: 1000, rows: 6 });
  const res = await t.request.post(`/api/showtimes/${showtime.id}/holds`).set(user.auth).send({ seats });
  return { showtime, hold: res.body.hold as { id: string } };
}
const purchase = (user: TestUser, holdId: string, key: string) =>
  t.request.post(`/api/holds/${holdId}/purchase`).set(user.auth).set('Idempotency-Key', key).send({ paymentToken: 'tok_visa' });

/** The record a purchase leaves when its process dies: in progress, at `point`, owned by `owner`. */
async function leaveInProgress(
  user: TestUser,
  holdId: string,
  key: string,
  point: 'started' | 'charged',
  owner: { instance: string; boot: string; leaseMs?: number },
  chargeId?: string,
) {
  const now = new Date();
  await t.context.db.idempotencyRecord.create({
    data: {
      userId: user.id,
      key,
      requestHash: fingerprint({ holdId, paymentToken: 'tok_visa' }),
      state: 'in_progress',
      recoveryPoint: point,
      chargeId,
      ownerInstance: owner.instance,
      ownerBoot: owner.boot,
      leaseExpiresAt: new Date(now.getTime() + (owner.leaseMs ?? 15_000)),
      createdAt: now,
      expiresAt: new Date(now.getTime() + 86_400_000),
    },
  });
}
const deadBoot = () => ({ instance: t.context.instance.id, boot: 'an-earlier-boot' });
const gateway = () => createFakePaymentGateway(t.context.db);
const chargesOf = (user: TestUser, key: string) =>
  t.context.db.fakePaymentCharge.findMany({ where: { idempotencyKey: `${user.id}:${key}` } });

describe('resuming a purchase after a crash', () => {
  it('when the process died after charging (recovery point charged), then the retry books at once without charging again', async () => {
    const user = await registerUser(t.request);
    const { hold } = await holdSeats(user, ['A1', 'A2']);
    const charge = await gateway().charge({
      amountCents: 2000,
      paymentToken: 'tok_visa',
      idempotencyKey: `${user.id}:k1`,
      description: 'test',
    });
    if (!charge.ok) throw new Error('charge failed');
    await leaveInProgress(user, hold.id, 'k1', 'charged', deadBoot(), charge.chargeId);

    const res = await purchase(user, hold.id, 'k1');
    expect(res.status).toBe(201);
    expect(res.body.booking).toMatchObject({ holdId: hold.id, seats: ['A1', 'A2'], totalCents: 2000, status: 'confirmed' });
    expect(await chargesOf(user, 'k1')).toEqual([expect.objectContaining({ chargeId: charge.chargeId, attempts: 1, refundedAt: null })]);
    expect((await t.context.db.booking.findUnique({ where: { holdId: hold.id } }))?.chargeId).toBe(charge.chargeId);
    const again = await purchase(user, hold.id, 'k1');
    expect([again.status, again.body, again.headers['idempotent-replayed']]).toEqual([201, res.body, 'true']);
  });

  it('when the process died between the charge and recording it (recovery point started), then the gateway is not charged twice', async () => {
    const user = await registerUser(t.request);
    const { hold } = await holdSeats(user, ['B1']);
    const charge = await gateway().charge({
      amountCents: 1000,
      paymentToken: 'tok_visa',
      idempotencyKey: `${user.id}:k2`,
      description: 'test',
    });
    await leaveInProgress(user, hold.id, 'k2', 'started', deadBoot());

    expect((await purchase(user, hold.id, 'k2')).status).toBe(201);
    const charges = await chargesOf(user, 'k2');
    expect(charges).toHaveLength(1);
    expect(charge.ok && charges[0]?.chargeId).toBe(charge.ok && charge.chargeId);
    expect(await t.context.db.booking.count({ where: { holdId: hold.id } })).toBe(1);
  });

  it('when the booking committed but its record was left in progress, then the retry answers with the booking, not HOLD_NOT_ACTIVE', async () => {
    const user = await registerUser(t.request);
    const { hold } = await holdSeats(user, ['C1']);
    const first = await purchase(user, hold.id, 'k3');
    // The state the old, non-atomic purchase left when it died between the booking and its record.
    await t.context.db.idempotencyRecord.update({
      where: { userId_key: { userId: user.id, key: 'k3' } },
      data: {
        state: 'in_progress',
        recoveryPoint: 'charged',
        ownerBoot: 'an-earlier-boot',
        leaseExpiresAt: new Date(Date.now() + 15_000),
        responseBody: null,
        responseStatus: null,
      },
    });
    const res = await purchase(user, hold.id, 'k3');
    expect(res.status).toBe(201);
    expect(res.body).toEqual(first.body);
    const charges = await chargesOf(user, 'k3');
    expect(charges).toEqual([expect.objectContaining({ refundedAt: null })]);
  });

  it('when the hold expired between the charge and the booking, then the charge is refunded and 410 is the stored answer', async () => {
    const user = await registerUser(t.request);
    const { showtime, hold } = await holdSeats(user, ['D1']);
    const charge = await gateway().charge({
      amountCents: 1000,
      paymentToken: 'tok_visa',
      idempotencyKey: `${user.id}:k4`,
      description: 'test',
    });
    if (!charge.ok) throw new Error('charge failed');
    await leaveInProgress(user, hold.id, 'k4', 'charged', deadBoot(), charge.chargeId);
    await t.context.db.hold.update({ where: { id: hold.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    for (let i = 0; i < 2; i++) {
      const res = await purchase(user, hold.id, 'k4');
      expect([res.status, res.body.error.code]).toEqual([410, 'HOLD_EXPIRED']);
    }
    expect((await chargesOf(user, 'k4'))[0]?.refundedAt).not.toBeNull();
    const map = await t.request.get(`/api/showtimes/${showtime.id}/seats`);
    expect(map.body.seats.find((s: { label: string }) => s.label === 'D1').status).toBe('available');
  });

  it('when the record is owned by a live process (another instance, lease running), then 409 IDEMPOTENCY_IN_PROGRESS', async () => {
    const user = await registerUser(t.request);
    const { hold } = await holdSeats(user, ['E1']);
    await leaveInProgress(user, hold.id, 'k5', 'started', { instance: 'another-instance', boot: 'its-boot' });
    const res = await purchase(user, hold.id, 'k5');
    expect([res.status, res.body.error.code]).toEqual([409, 'IDEMPOTENCY_IN_PROGRESS']);
    expect((await t.request.get(`/api/holds/${hold.id}`).set(user.auth)).body.hold.status).toBe('active');
  });

  it("when the other instance's lease has lapsed, then the retry resumes the purchase", async () => {
    const user = await registerUser(t.request);
    const { hold } = await holdSeats(user, ['F1']);
    await leaveInProgress(user, hold.id, 'k6', 'started', { instance: 'another-instance', boot: 'its-boot', leaseMs: -1 });
    expect((await purchase(user, hold.id, 'k6')).status).toBe(201);
    expect(await chargesOf(user, 'k6')).toHaveLength(1);
  });
});

describe('the fake payment gateway', () => {
  it('when the same key is charged twice, then the second call answers the first charge and charges nothing', async () => {
    const payments = gateway();
    const key = `gateway-test:${Date.now()}`;
    const first = await payments.charge({ amountCents: 500, paymentToken: 'tok_visa', idempotencyKey: key, description: 'x' });
    const second = await payments.charge({ amountCents: 500, paymentToken: 'tok_visa', idempotencyKey: key, description: 'x' });
    expect(second).toEqual(first);
    expect(await t.context.db.fakePaymentCharge.findMany({ where: { idempotencyKey: key } })).toEqual([
      expect.objectContaining({ amountCents: 500, attempts: 2 }),
    ]);
    expect(await payments.findCharge(key)).toBe(first.ok && first.chargeId);
  });
});
