// GET /api/admin/reports: occupancy and revenue per showtime, day and film, from real holds and purchases.
import { createTestApp, type TestApp } from '../support/app';
import { TestClock } from '../support/clock';
import { createAdmin, gridLayout, registerUsers, type TestUser } from '../support/factories';

// 10:00 UTC, so showtimes at 18:00 today and tomorrow fall on two known UTC days.
const start = new Date();
start.setUTCHours(10, 0, 0, 0);
const clock = new TestClock(start);
const dayOf = (offsetDays: number) => new Date(start.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const at18 = (offsetDays: number) => new Date(`${dayOf(offsetDays)}T18:00:00.000Z`);

let t: TestApp;
let admin: TestUser;
let buyers: TestUser[];
beforeAll(async () => {
  t = await createTestApp({ HOLD_TTL_SECONDS: '300', CURRENCY: 'EUR' }, { clock });
  admin = await createAdmin(t.context, t.request);
  buyers = await registerUsers(t.request, 3);
});
afterAll(() => t.close());

async function schedule(title: string, startsAt: Date, priceCents: number, seatsPerRow = 5) {
  const { catalog } = t.context.services;
  const movie = await catalog.createMovie({ title, durationMinutes: 90, rating: 'PG' });
  const room = await catalog.createAuditorium(gridLayout(2, seatsPerRow, priceCents));
  return catalog.createShowtime({ movieId: movie.id, auditoriumId: room.id, startsAt: startsAt.toISOString() }, clock.now());
}

async function hold(user: TestUser, showtimeId: string, seats: string[]) {
  const res = await t.request.post(`/api/showtimes/${showtimeId}/holds`).set(user.auth).send({ seats });
  expect(res.status).toBe(201);
  return res.body.hold.id as string;
}

async function buy(user: TestUser, showtimeId: string, seats: string[]) {
  const holdId = await hold(user, showtimeId, seats);
  const res = await t.request.post(`/api/holds/${holdId}/purchase`).set(user.auth).set('Idempotency-Key', `k-${holdId}`).send({});
  expect(res.status).toBe(201);
  return res.body.booking.id as string;
}

const report = async (query = '') => {
  const res = await t.request.get(`/api/admin/reports${query}`).set(admin.auth);
  expect(res.status).toBe(200);
  return res.body;
};

describe('sales reports', () => {
  it('when an anonymous caller or a customer asks, then 401 and 403; a bad date is 400', async () => {
    expect((await t.request.get('/api/admin/reports')).status).toBe(401);
    expect((await t.request.get('/api/admin/reports').set(buyers[0]!.auth)).status).toBe(403);
    const bad = await t.request.get('/api/admin/reports?from=yesterday').set(admin.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('when seats are sold, held, cancelled and expired, then every number is exact', async () => {
    const [ann, ben, cat] = buyers as [TestUser, TestUser, TestUser];
    // Two films; "Alpha" plays today (10 seats at 12.00) and tomorrow (10 seats at 8.00); "Beta" today (8 seats at 10.00).
    const alphaToday = await schedule('Alpha', at18(0), 1200);
    const alphaTomorrow = await schedule('Alpha 2', at18(1), 800);
    const betaToday = await schedule('Beta', new Date(at18(0).getTime() + 3600_000), 1000, 4);

    await buy(ann, alphaToday.id, ['A1', 'A2', 'A3']); // 36.00
    const cancelled = await buy(ben, alphaToday.id, ['B1']); // 12.00, then cancelled
    expect((await t.request.post(`/api/bookings/${cancelled}/cancel`).set(ben.auth).send({})).status).toBe(200);
    await hold(cat, alphaToday.id, ['B5', 'B4']); // held, within its deadline
    await buy(cat, alphaTomorrow.id, ['A1', 'A2']); // 16.00
    await buy(ben, betaToday.id, ['A1']); // 10.00
    await hold(ann, betaToday.id, ['B1', 'B2']); // expires below

    clock.advance(200);
    await hold(ben, alphaTomorrow.id, ['B1']); // still held at the report
    clock.advance(150); // the holds made at the start are past their deadline: their seats count as free

    const body = await report();
    expect(body.currency).toBe('EUR');
    expect(body.showtimes).toEqual([
      expect.objectContaining({
        showtimeId: alphaToday.id,
        movieTitle: 'Alpha',
        status: 'scheduled',
        seats: 10,
        sold: 3,
        held: 0,
        free: 7,
        soldPercent: 30,
        heldPercent: 0,
        freePercent: 70,
        occupancyPercent: 30,
        revenueCents: 3600,
      }),
      expect.objectContaining({
        showtimeId: betaToday.id,
        seats: 8,
        sold: 1,
        held: 0,
        free: 7,
        occupancyPercent: 12.5,
        revenueCents: 1000,
      }),
      expect.objectContaining({
        showtimeId: alphaTomorrow.id,
        seats: 10,
        sold: 2,
        held: 1,
        free: 7,
        heldPercent: 10,
        occupancyPercent: 20,
        revenueCents: 1600,
      }),
    ]);
    expect(body.days).toEqual([
      { date: dayOf(0), showtimes: 2, seats: 18, ticketsSold: 4, revenueCents: 4600, occupancyPercent: 22.22 },
      { date: dayOf(1), showtimes: 1, seats: 10, ticketsSold: 2, revenueCents: 1600, occupancyPercent: 20 },
    ]);
    // Films by revenue, highest first.
    expect(body.films).toEqual([
      {
        movieId: alphaToday.movieId,
        movieTitle: 'Alpha',
        showtimes: 1,
        seats: 10,
        ticketsSold: 3,
        revenueCents: 3600,
        occupancyPercent: 30,
      },
      {
        movieId: alphaTomorrow.movieId,
        movieTitle: 'Alpha 2',
        showtimes: 1,
        seats: 10,
        ticketsSold: 2,
        revenueCents: 1600,
        occupancyPercent: 20,
      },
      {
        movieId: betaToday.movieId,
        movieTitle: 'Beta',
        showtimes: 1,
        seats: 8,
        ticketsSold: 1,
        revenueCents: 1000,
        occupancyPercent: 12.5,
      },
    ]);
    expect(body.totals).toEqual({ showtimes: 3, seats: 28, ticketsSold: 6, revenueCents: 6200, occupancyPercent: 21.43 });

    // A day range: to=<today> includes all of today and nothing of tomorrow.
    const today = await report(`?from=${dayOf(0)}&to=${dayOf(0)}`);
    expect(today.showtimes.map((row: { showtimeId: string }) => row.showtimeId)).toEqual([alphaToday.id, betaToday.id]);
    expect(today.totals).toEqual({ showtimes: 2, seats: 18, ticketsSold: 4, revenueCents: 4600, occupancyPercent: 22.22 });
    expect(today.from).toBe(`${dayOf(0)}T00:00:00.000Z`);
    expect(today.to).toBe(`${dayOf(1)}T00:00:00.000Z`);
    const empty = await report(`?from=${dayOf(5)}`);
    expect(empty.showtimes).toEqual([]);
    expect(empty.totals).toEqual({ showtimes: 0, seats: 0, ticketsSold: 0, revenueCents: 0, occupancyPercent: 0 });
  });
});
