import { createTestApp, type TestApp } from '../support/app';
import { createShowtime, registerUser, type TestUser } from '../support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function holdSeats(user: TestUser, seats: string[], priceCents = 1250) {
  const showtime = await createShowtime(t.context, { priceCents, rows: 8 });
  const res = await t.request.post(`/api/showtimes/${showtime.id}/holds`).set(user.auth).send({ seats });
  return { showtime, hold: res.body.hold };
}
const purchase = (user: TestUser, holdId: string, key: string | undefined, body: object = {}) => {
  const req = t.request.post(`/api/holds/${holdId}/purchase`).set(user.auth);
  return (key === undefined ? req : req.set('Idempotency-Key', key)).send(body);
};

describe('purchasing a hold', () => {
  it('when the owner buys an active hold, then a confirmed booking sums the seat prices and the seats are sold', async () => {
    const user = await registerUser(t.request);
    const { showtime, hold } = await holdSeats(user, ['A1', 'A2', 'A3']);
    const res = await purchase(user, hold.id, 'key-1', { paymentToken: 'tok_visa' });
    expect(res.status).toBe(201);
    expect(res.body.booking).toMatchObject({ showtimeId: showtime.id, seats: ['A1', 'A2', 'A3'], totalCents: 3750, status: 'confirmed' });
    const map = await t.request.get(`/api/showtimes/${showtime.id}/seats`).set(user.auth);
    expect(map.body.seats.filter((s: { status: string }) => s.status === 'sold').map((s: { label: string }) => s.label)).toEqual([
      'A1',
      'A2',
      'A3',
    ]);
    expect((await t.request.get(`/api/holds/${hold.id}`).set(user.auth)).body.hold.status).toBe('purchased');
    const list = await t.request.get('/api/bookings').set(user.auth);
    expect(list.body.bookings.map((b: { id: string }) => b.id)).toEqual([res.body.booking.id]);
  });

  it('when the same key and body come again, then the same answer replays and nothing new is created', async () => {
    const user = await registerUser(t.request);
    const { hold } = await holdSeats(user, ['B1']);
    const first = await purchase(user, hold.id, 'replay-key', { paymentToken: 'tok_visa' });
    const second = await purchase(user, hold.id, 'replay-key', { paymentToken: 'tok_visa' });
    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(await t.context.db.booking.count({ where: { holdId: hold.id } })).toBe(1);
  });

  it('when the same key comes with a different body, then 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const user = await registerUser(t.request);
    const { hold } = await holdSeats(user, ['B2']);
    await purchase(user, hold.id, 'reused', { paymentToken: 'tok_a' });
    const res = await purchase(user, hold.id, 'reused', { paymentToken: 'tok_b' });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('when keys are per user, then another user may use the same key string', async () => {
    const [a, b] = [await registerUser(t.request), await registerUser(t.request)];
    const holdA = (await holdSeats(a, ['C1'])).hold;
    const holdB = (await holdSeats(b, ['C1'])).hold;
    expect((await purchase(a, holdA.id, 'shared-key')).status).toBe(201);
    expect((await purchase(b, holdB.id, 'shared-key')).status).toBe(201);
  });

  it('when the Idempotency-Key header is missing or too long, then 400 and nothing is bought', async () => {
    const user = await registerUser(t.request);
    const { hold } = await holdSeats(user, ['D1']);
    for (const key of [undefined, 'k'.repeat(256)]) {
      const res = await purchase(user, hold.id, key);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await t.request.get(`/api/holds/${hold.id}`).set(user.auth)).body.hold.status).toBe('active');
  });

  it('when the card is declined, then 402 PAYMENT_DECLINED and the hold stays active for another try', async () => {
    const user = await registerUser(t.request);
    const { hold } = await holdSeats(user, ['D2']);
    const declined = await purchase(user, hold.id, 'decline-1', { paymentToken: 'fail_insufficient_funds' });
    expect(declined.status).toBe(402);
    expect(declined.body.error.code).toBe('PAYMENT_DECLINED');
    expect((await t.request.get(`/api/holds/${hold.id}`).set(user.auth)).body.hold.status).toBe('active');
    expect((await purchase(user, hold.id, 'decline-1', { paymentToken: 'fail_insufficient_funds' })).status).toBe(402);
    expect((await purchase(user, hold.id, 'decline-2', { paymentToken: 'tok_ok' })).status).toBe(201);
  });

  it('when a hold was bought with one key, then buying it with another key answers with that booking and charges nothing', async () => {
    const user = await registerUser(t.request);
    const { hold } = await holdSeats(user, ['E1']);
    const first = await purchase(user, hold.id, 'first');
    expect(first.status).toBe(201);
    const res = await purchase(user, hold.id, 'second');
    expect(res.status).toBe(201);
    expect(res.body).toEqual(first.body);
    expect(res.headers['idempotent-replayed']).toBe('true');
    expect(await t.context.db.booking.count({ where: { holdId: hold.id } })).toBe(1);
    expect(await t.context.db.fakePaymentCharge.count({ where: { idempotencyKey: { startsWith: `${user.id}:` } } })).toBe(1);
  });

  it('when the booking of a hold was cancelled, then buying the hold again answers with that booking as it stands', async () => {
    const user = await registerUser(t.request);
    const { hold } = await holdSeats(user, ['E2']);
    const booking = (await purchase(user, hold.id, 'buy')).body.booking;
    await t.request.post(`/api/bookings/${booking.id}/cancel`).set(user.auth);
    const res = await purchase(user, hold.id, 'buy-again');
    expect(res.status).toBe(201);
    expect(res.body.booking).toMatchObject({ id: booking.id, status: 'cancelled' });
    expect(await t.context.db.booking.count({ where: { holdId: hold.id } })).toBe(1);
  });

  it('when the owner cancels a booking, then it is cancelled and its seats are free again', async () => {
    const user = await registerUser(t.request);
    const { showtime, hold } = await holdSeats(user, ['F1', 'F2']);
    const booking = (await purchase(user, hold.id, 'cancel-me')).body.booking;
    const res = await t.request.post(`/api/bookings/${booking.id}/cancel`).set(user.auth);
    expect(res.status).toBe(200);
    expect(res.body.booking).toMatchObject({ id: booking.id, status: 'cancelled' });
    const map = await t.request.get(`/api/showtimes/${showtime.id}/seats`);
    expect(map.body.seats.map((s: { status: string }) => s.status)).toEqual(Array(80).fill('available'));
    const other = await registerUser(t.request);
    expect(
      (
        await t.request
          .post(`/api/showtimes/${showtime.id}/holds`)
          .set(other.auth)
          .send({ seats: ['F1'] })
      ).status,
    ).toBe(201);
  });

  it('when an admin asks what happened to a seat, then the audit trail tells who did what and when', async () => {
    const user = await registerUser(t.request);
    const { showtime, hold } = await holdSeats(user, ['G1', 'G2']);
    await t.request.post(`/api/holds/${hold.id}/extend`).set(user.auth);
    await purchase(user, hold.id, 'audit');
    const { createAdmin } = await import('../support/factories');
    const admin = await createAdmin(t.context, t.request);
    const res = await t.request.get(`/api/admin/showtimes/${showtime.id}/audit?seat=G1`).set(admin.auth);
    expect(res.status).toBe(200);
    expect(res.body.events.map((e: { action: string }) => e.action)).toEqual(['hold.created', 'hold.extended', 'booking.confirmed']);
    expect(res.body.events.every((e: { userId: string }) => e.userId === user.id)).toBe(true);
    expect((await t.request.get(`/api/admin/showtimes/${showtime.id}/audit`).set(user.auth)).status).toBe(403);
  });
});
