// The cap on seats one user holds at once across all showtimes (MAX_SEATS_PER_USER_TOTAL), against one
// account hoarding seats in many showtimes. The per-showtime cap alone let one account hold 200 seats
// across 20 showtimes in a second.
import { createTestApp, type TestApp } from '../support/app';
import { createShowtime, registerUser } from '../support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ MAX_SEATS_PER_USER: '4', MAX_SEATS_PER_USER_TOTAL: '5' });
});
afterAll(() => t.close());

describe('seats held across showtimes', () => {
  it('when a user would hold more seats across showtimes than the cap, then 409 SEAT_LIMIT_EXCEEDED and nothing is held', async () => {
    const user = await registerUser(t.request);
    const [first, second] = [await createShowtime(t.context), await createShowtime(t.context)];
    expect(
      (
        await t.request
          .post(`/api/showtimes/${first.id}/holds`)
          .set(user.auth)
          .send({ seats: ['A1', 'A2', 'A3'] })
      ).status,
    ).toBe(201);
    const over = await t.request
      .post(`/api/showtimes/${second.id}/holds`)
      .set(user.auth)
      .send({ seats: ['A1', 'A2', 'A3'] });
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ code: 'SEAT_LIMIT_EXCEEDED', details: { max: 5, current: 3, requested: 3 } });
    expect(await t.context.db.hold.count({ where: { userId: user.id, showtimeId: second.id } })).toBe(0);
    expect(
      (
        await t.request
          .post(`/api/showtimes/${second.id}/holds`)
          .set(user.auth)
          .send({ seats: ['A1', 'A2'] })
      ).status,
    ).toBe(201);
  });

  it('when held seats are bought or released, then they no longer count against the cap', async () => {
    const user = await registerUser(t.request);
    const [first, second] = [await createShowtime(t.context), await createShowtime(t.context)];
    const bought = (
      await t.request
        .post(`/api/showtimes/${first.id}/holds`)
        .set(user.auth)
        .send({ seats: ['B1', 'B2', 'B3'] })
    ).body.hold;
    expect((await t.request.post(`/api/holds/${bought.id}/purchase`).set(user.auth).set('Idempotency-Key', 'cap-1').send({})).status).toBe(
      201,
    );
    const released = (
      await t.request
        .post(`/api/showtimes/${second.id}/holds`)
        .set(user.auth)
        .send({ seats: ['B1', 'B2'] })
    ).body.hold;
    expect((await t.request.delete(`/api/holds/${released.id}`).set(user.auth)).status).toBe(204);
    expect(
      (
        await t.request
          .post(`/api/showtimes/${second.id}/holds`)
          .set(user.auth)
          .send({ seats: ['C1', 'C2', 'C3', 'C4'] })
      ).status,
    ).toBe(201);
    const third = await createShowtime(t.context);
    expect(
      (
        await t.request
          .post(`/api/showtimes/${third.id}/holds`)
          .set(user.auth)
          .send({ seats: ['C1'] })
      ).status,
    ).toBe(201);
    expect(
      (
        await t.request
          .post(`/api/showtimes/${third.id}/holds`)
          .set(user.auth)
          .send({ seats: ['C2'] })
      ).body.error.code,
    ).toBe('SEAT_LIMIT_EXCEEDED');
  });

  it('when one user fires 24 one-seat holds at 12 showtimes at once, then exactly the cap (5) are held', async () => {
    const user = await registerUser(t.request);
    const showtimes = [];
    for (let i = 0; i < 12; i++) showtimes.push(await createShowtime(t.context));
    const answers = await Promise.all(
      showtimes.flatMap((showtime) =>
        ['C9', 'C10'].map((seat) =>
          t.request
            .post(`/api/showtimes/${showtime.id}/holds`)
            .set(user.auth)
            .send({ seats: [seat] }),
        ),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(5);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    expect(answers.filter((answer) => answer.status === 409).every((answer) => answer.body.error.code === 'SEAT_LIMIT_EXCEEDED')).toBe(
      true,
    );
    expect(await t.context.db.hold.count({ where: { userId: user.id, status: 'active' } })).toBe(5);
    expect(await t.context.db.seatClaim.count({ where: { userId: user.id } })).toBe(5);
  });
});
