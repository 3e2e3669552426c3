import { createTestApp, type TestApp } from '../support/app';
import { TestClock } from '../support/clock';
import { createAdmin, gridLayout, registerUser, type TestUser } from '../support/factories';

// Time is fixed so showtimes have exact, known start and end times.
const clock = new TestClock(new Date('2030-01-01T00:00:00.000Z'));
let t: TestApp;
let admin: TestUser;
beforeAll(async () => {
  t = await createTestApp({}, { clock });
  admin = await createAdmin(t.context, t.request);
});
afterAll(() => t.close());

const roomLayout = (name: string) => ({
  name,
  sections: [
    { name: 'Standard', priceCents: 1200 },
    { name: 'Premium', priceCents: 1900 },
  ],
  rows: [
    { label: 'A', seats: 6, section: 'Standard', offset: 1, gapsAfter: [3], accessible: [1, 6] },
    { label: 'B', seats: 8, section: 'Standard', gapsAfter: [2, 6] },
    { label: 'C', seats: 8, section: 'Premium' },
  ],
});

async function postAs(user: TestUser, path: string, body: unknown) {
  return t.request
    .post(path)
    .set(user.auth)
    .send(body as object);
}
async function createMovie(title = 'Film', durationMinutes = 105) {
  const res = await postAs(admin, '/api/movies', { title, durationMinutes, rating: 'PG-13', description: 'About a film.' });
  expect(res.status).toBe(201);
  return res.body.movie as { id: string; title: string };
}
async function createRoom(name: string) {
  const res = await postAs(admin, '/api/auditoriums', roomLayout(name));
  expect(res.status).toBe(201);
  return res.body.auditorium as { id: string; name: string };
}
async function schedule(movieId: string, auditoriumId: string, startsAt: string) {
  return postAs(admin, '/api/showtimes', { movieId, auditoriumId, startsAt });
}
async function countRows() {
  const { db } = t.context;
  const [movies, auditoriums, seats, showtimes] = await Promise.all([
    db.movie.count(),
    db.auditorium.count(),
    db.seat.count(),
    db.showtime.count(),
  ]);
  return { movies, auditoriums, seats, showtimes };
}

describe('catalog: admin writes and public reads', () => {
  it('when an admin creates a movie, then it is listed publicly with its fields', async () => {
    const movie = await createMovie('Listed Film', 95);
    expect(movie).toEqual({
      id: expect.any(String),
      title: 'Listed Film',
      durationMinutes: 95,
      rating: 'PG-13',
      description: 'About a film.',
    });
    const list = await t.request.get('/api/movies');
    expect(list.status).toBe(200);
    expect(list.body.movies).toContainEqual(movie);
  });

  it('when an admin creates an auditorium from a layout, then it answers the layout and seat count', async () => {
    const res = await postAs(admin, '/api/auditoriums', roomLayout('Layout Room'));
    expect(res.status).toBe(201);
    expect(res.body.auditorium).toMatchObject({ id: expect.any(String), name: 'Layout Room', seatCount: 22 });
    expect(res.body.auditorium.sections).toEqual(roomLayout('x').sections);
    expect(res.body.auditorium.rows[0]).toEqual({
      label: 'A',
      seats: 6,
      section: 'Standard',
      offset: 1,
      gapsAfter: [3],
      accessible: [1, 6],
    });
    expect(res.body.auditorium.rows[2]).toEqual({ label: 'C', seats: 8, section: 'Premium', offset: 0, gapsAfter: [], accessible: [] });
    expect(await t.context.db.seat.count({ where: { auditoriumId: res.body.auditorium.id } })).toBe(22);
  });

  it('when showtimes exist, then the list filters by movieId and by the from/to window', async () => {
    const [movie, other] = [await createMovie('Filter Film', 100), await createMovie('Other Film', 100)];
    const room = await createRoom('Filter Room');
    const starts = ['2030-01-02T10:00:00.000Z', '2030-01-02T14:00:00.000Z', '2030-01-03T10:00:00.000Z'];
    for (const startsAt of starts) expect((await schedule(movie.id, room.id, startsAt)).status).toBe(201);
    expect((await schedule(other.id, room.id, '2030-01-04T10:00:00.000Z')).status).toBe(201);

    const byMovie = await t.request.get('/api/showtimes').query({ movieId: movie.id });
    expect(byMovie.status).toBe(200);
    expect(byMovie.body.showtimes.map((s: { startsAt: string }) => s.startsAt)).toEqual(starts);
    expect(byMovie.body.showtimes[0]).toEqual({
      id: expect.any(String),
      movieId: movie.id,
      auditoriumId: room.id,
      startsAt: starts[0],
      endsAt: '2030-01-02T11:55:00.000Z',
      movieTitle: 'Filter Film',
      auditoriumName: 'Filter Room',
      status: 'scheduled',
      cancelReason: null,
    });
    const window = await t.request
      .get('/api/showtimes')
      .query({ movieId: movie.id, from: '2030-01-02T12:00:00Z', to: '2030-01-03T10:00:00Z' });
    expect(window.body.showtimes.map((s: { startsAt: string }) => s.startsAt)).toEqual([starts[1]]);
    const fromOnly = await t.request.get('/api/showtimes').query({ from: '2030-01-04T00:00:00Z' });
    expect(fromOnly.body.showtimes.filter((s: { auditoriumId: string }) => s.auditoriumId === room.id)).toHaveLength(1);
  });

  it('when a showtime is read, then it carries its movie and auditorium', async () => {
    const movie = await createMovie('Detail Film', 120);
    const room = await createRoom('Detail Room');
    const created = await schedule(movie.id, room.id, '2030-01-05T18:00:00Z');
    const res = await t.request.get(`/api/showtimes/${created.body.showtime.id}`);
    expect(res.status).toBe(200);
    expect(res.body.showtime).toMatchObject({
      id: created.body.showtime.id,
      startsAt: '2030-01-05T18:00:00.000Z',
      endsAt: '2030-01-05T20:15:00.000Z',
      movie: { id: movie.id, title: 'Detail Film', durationMinutes: 120, rating: 'PG-13' },
      auditorium: { id: room.id, name: 'Detail Room', seatCount: 22 },
    });
    expect(res.body.showtime.auditorium.rows).toHaveLength(3);
  });

  it('when the seat map is read, then every seat is available with its label, price, section and accessibility', async () => {
    const showtime = (await schedule((await createMovie('Map Film')).id, (await createRoom('Map Room')).id, '2030-01-06T18:00:00Z')).body
      .showtime;
    const res = await t.request.get(`/api/showtimes/${showtime.id}/seats`);
    expect(res.status).toBe(200);
    expect(res.body.showtimeId).toBe(showtime.id);
    expect(typeof res.body.version).toBe('number');
    const seats = res.body.seats as {
      label: string;
      section: string;
      priceCents: number;
      accessible: boolean;
      status: string;
      column: number;
      mine?: boolean;
    }[];
    expect(seats).toHaveLength(22);
    expect(seats.map((seat) => [seat.status, seat.mine])).toEqual(Array(22).fill(['available', undefined]));
    expect(seats.filter((seat) => seat.label.startsWith('A')).map((seat) => seat.label)).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'A6']);
    expect(seats.filter((seat) => seat.section === 'Premium').map((seat) => seat.priceCents)).toEqual(Array(8).fill(1900));
    expect(seats.filter((seat) => seat.section === 'Standard').map((seat) => seat.priceCents)).toEqual(Array(14).fill(1200));
    expect(seats.filter((seat) => seat.accessible).map((seat) => seat.label)).toEqual(['A1', 'A6']);
    expect(seats.find((seat) => seat.label === 'A4')).toMatchObject({ row: 'A', number: 4, column: 5 });
    const customer = await registerUser(t.request);
    const asCustomer = await t.request.get(`/api/showtimes/${showtime.id}/seats`).set(customer.auth);
    expect(asCustomer.body).toEqual(res.body);
  });
});

describe('catalog: showtime overlap', () => {
  it('when a showtime overlaps another in the same room, then 409 SHOWTIME_OVERLAP; adjacent ones succeed', async () => {
    const movie = await createMovie('Overlap Film', 105); // 105 + 15 turnaround = 2 hours
    const room = await createRoom('Overlap Room');
    const first = await schedule(movie.id, room.id, '2030-01-07T12:00:00Z');
    expect(first.status).toBe(201);
    const before = await countRows();
    const clash = await schedule(movie.id, room.id, '2030-01-07T13:59:00Z');
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({ code: 'SHOWTIME_OVERLAP', details: { showtimeId: first.body.showtime.id } });
    expect((await schedule(movie.id, room.id, '2030-01-07T10:01:00Z')).status).toBe(409);
    expect(await countRows()).toEqual(before);
    expect((await schedule(movie.id, room.id, '2030-01-07T14:00:00Z')).status).toBe(201);
    expect((await schedule(movie.id, room.id, '2030-01-07T10:00:00Z')).status).toBe(201);
    const otherRoom = await createRoom('Overlap Room 2');
    expect((await schedule(movie.id, otherRoom.id, '2030-01-07T12:30:00Z')).status).toBe(201);
  });

  it('when five admins book the same slot at once, then exactly one showtime is created', async () => {
    const movie = await createMovie('Race Film');
    const room = await createRoom('Race Room');
    const answers = await Promise.all(Array.from({ length: 5 }, () => schedule(movie.id, room.id, '2030-01-08T12:00:00Z')));
    expect(answers.filter((res) => res.status === 201)).toHaveLength(1);
    expect(answers.filter((res) => res.status === 409)).toHaveLength(4);
    expect(await t.context.db.showtime.count({ where: { auditoriumId: room.id } })).toBe(1);
  });
});

describe('catalog: bad requests', () => {
  async function expectRejected(res: { status: number; body: { error?: { code: string; details: { field?: string } } } }, field: string) {
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('VALIDATION_FAILED');
    expect(res.body.error?.details.field).toBe(field);
  }

  it('when a movie is invalid, then 400 names the field and nothing is written', async () => {
    const before = await countRows();
    const valid = { title: 'Valid', durationMinutes: 90, rating: 'PG' };
    await expectRejected(await postAs(admin, '/api/movies', { ...valid, title: '' }), 'body.title');
    await expectRejected(await postAs(admin, '/api/movies', { durationMinutes: 90, rating: 'PG' }), 'body.title');
    await expectRejected(await postAs(admin, '/api/movies', { ...valid, durationMinutes: '90' }), 'body.durationMinutes');
    await expectRejected(await postAs(admin, '/api/movies', { ...valid, durationMinutes: 0 }), 'body.durationMinutes');
    await expectRejected(await postAs(admin, '/api/movies', { ...valid, durationMinutes: 90.5 }), 'body.durationMinutes');
    await expectRejected(await postAs(admin, '/api/movies', { ...valid, rating: '' }), 'body.rating');
    await expectRejected(await postAs(admin, '/api/movies', { ...valid, description: 7 }), 'body.description');
    await expectRejected(await postAs(admin, '/api/movies', { ...valid, director: 'X' }), 'body');
    expect(await countRows()).toEqual(before);
  });

  it('when an auditorium layout is invalid, then 400 names the field and no room or seat is written', async () => {
    await createRoom('Taken Name');
    const before = await countRows();
    const base = roomLayout('Bad Room');
    const withRow = (patch: object) => ({ ...base, rows: [{ ...base.rows[0], ...patch }] });
    const cases: [object, string][] = [
      [{ ...base, name: '' }, 'body.name'],
      [{ ...base, name: 'Taken Name' }, 'body.name'],
      [{ ...base, sections: [] }, 'body.sections'],
      [{ ...base, sections: [{ name: 'Standard', priceCents: -1 }] }, 'body.sections.0.priceCents'],
      [{ ...base, sections: [...base.sections, { name: 'Standard', priceCents: 5 }] }, 'body.sections'],
      [{ ...base, rows: [] }, 'body.rows'],
      [withRow({ label: 'a' }), 'body.rows.0.label'],
      [withRow({ seats: 0 }), 'body.rows.0.seats'],
      [withRow({ seats: 101 }), 'body.rows.0.seats'],
      [withRow({ section: 'Balcony' }), 'body.rows.0.section'],
      [withRow({ gapsAfter: [6] }), 'body.rows.0.gapsAfter'],
      [withRow({ accessible: [7] }), 'body.rows.0.accessible'],
      [withRow({ offset: -1 }), 'body.rows.0.offset'],
      [withRow({ balcony: true }), 'body.rows.0'],
      [{ ...base, rows: [base.rows[0], base.rows[0]] }, 'body.rows.1.label'],
      [{ ...gridLayout(11, 100), name: 'Too Big' }, 'body.rows'],
    ];
    for (const [body, field] of cases) await expectRejected(await postAs(admin, '/api/auditoriums', body), field);
    expect(await countRows()).toEqual(before);
  });

  it('when a showtime is invalid, then 400 names the field and nothing is written', async () => {
    const movie = await createMovie('Invalid Showtime Film');
    const room = await createRoom('Invalid Showtime Room');
    const before = await countRows();
    const valid = { movieId: movie.id, auditoriumId: room.id, startsAt: '2030-02-01T12:00:00Z' };
    const cases: [object, string][] = [
      [{ ...valid, startsAt: 'tomorrow' }, 'body.startsAt'],
      [{ ...valid, startsAt: 1893499200000 }, 'body.startsAt'],
      [{ ...valid, startsAt: '2029-12-31T23:00:00Z' }, 'body.startsAt'],
      [{ ...valid, movieId: 'no-such-movie' }, 'body.movieId'],
      [{ ...valid, auditoriumId: 'no-such-room' }, 'body.auditoriumId'],
      [{ auditoriumId: room.id, startsAt: valid.startsAt }, 'body.movieId'],
      [{ ...valid, endsAt: '2030-02-01T14:00:00Z' }, 'body'],
    ];
    for (const [body, field] of cases) await expectRejected(await postAs(admin, '/api/showtimes', body), field);
    expect(await countRows()).toEqual(before);
  });

  it('when list queries are invalid, then 400 names the parameter', async () => {
    await expectRejected(await t.request.get('/api/showtimes').query({ from: 'yesterday' }), 'query.from');
    await expectRejected(await t.request.get('/api/showtimes').query({ to: '2030-13-01T00:00:00Z' }), 'query.to');
    await expectRejected(await t.request.get('/api/showtimes').query({ limit: 0 }), 'query.limit');
    await expectRejected(await t.request.get('/api/showtimes').query({ offset: -1 }), 'query.offset');
    await expectRejected(await t.request.get('/api/showtimes').query({ cinema: 'x' }), 'query');
    await expectRejected(await t.request.get('/api/movies').query({ limit: 'many' }), 'query.limit');
    await expectRejected(await t.request.get(`/api/showtimes/${'x'.repeat(65)}`), 'params.id');
  });

  it('when an id is unknown, then the showtime and its seat map answer 404 NOT_FOUND', async () => {
    for (const path of ['/api/showtimes/00000000-0000-0000-0000-000000000000', '/api/showtimes/unknown/seats']) {
      const res = await t.request.get(path);
      expect(res.status).toBe(404);
      expect(res.body.error).toEqual({ code: 'NOT_FOUND', message: expect.any(String), details: {} });
    }
  });

  it('when the caller is anonymous or a customer, then admin writes answer 401 or 403 and write nothing', async () => {
    const before = await countRows();
    const customer = await registerUser(t.request);
    for (const path of ['/api/movies', '/api/auditoriums', '/api/showtimes']) {
      expect((await t.request.post(path).send({})).status).toBe(401);
      expect((await postAs(customer, path, {})).status).toBe(403);
    }
    expect(await countRows()).toEqual(before);
  });
});
