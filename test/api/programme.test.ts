// Programme management over the HTTP API: admins edit and delete movies, auditoriums and showtimes;
// what is in use cannot be deleted (409), a showtime with sales can only be cancelled, and moving a
// showtime tells its holders, buyers and waiters on their own sockets.
import { useRealtimeServer } from '../realtime/support';
import { createAdmin, createShowtime, gridLayout, registerUser, type TestUser } from '../support/factories';

const t = useRealtimeServer({ REALTIME_COALESCE_MS: '0', HOLD_TTL_SECONDS: '600' });
let admin: TestUser;
beforeAll(async () => {
  admin = await createAdmin(t.context, t.request);
});

async function hold(user: TestUser, showtimeId: string, seats: string[]) {
  const res = await t.request.post(`/api/showtimes/${showtimeId}/holds`).set(user.auth).send({ seats });
  expect(res.status).toBe(201);
  return res.body.hold.id as string;
}
async function buy(user: TestUser, showtimeId: string, seats: string[]) {
  const holdId = await hold(user, showtimeId, seats);
  const res = await t.request.post(`/api/holds/${holdId}/purchase`).set(user.auth).set('Idempotency-Key', holdId).send({});
  expect(res.status).toBe(201);
  return res.body.booking.id as string;
}
const errorOf = (res: { status: number; body: { error?: { code: string } } }) => [res.status, res.body.error?.code];

describe('movies', () => {
  it('when an admin edits a movie, then the list shows it at once; its length cannot change once scheduled', async () => {
    const showtime = await createShowtime(t.context);
    expect((await t.request.get('/api/movies')).status).toBe(200); // cached now
    const edited = await t.request.patch(`/api/movies/${showtime.movieId}`).set(admin.auth).send({ title: 'Renamed', rating: '12' });
    expect(edited.status).toBe(200);
    expect(edited.body.movie).toMatchObject({ id: showtime.movieId, title: 'Renamed', rating: '12' });
    const listed = (await t.request.get('/api/movies')).body.movies.find((movie: { id: string }) => movie.id === showtime.movieId);
    expect(listed.title).toBe('Renamed');
    expect(errorOf(await t.request.patch(`/api/movies/${showtime.movieId}`).set(admin.auth).send({ durationMinutes: 200 }))).toEqual([
      409,
      'IN_USE',
    ]);
    expect(errorOf(await t.request.patch(`/api/movies/${showtime.movieId}`).set(admin.auth).send({}))).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('when a movie has showtimes, then deleting it is 409 IN_USE; without, 204 and then 404', async () => {
    const showtime = await createShowtime(t.context);
    const refused = await t.request.delete(`/api/movies/${showtime.movieId}`).set(admin.auth);
    expect(errorOf(refused)).toEqual([409, 'IN_USE']);
    expect(refused.body.error.details).toEqual({ showtimes: 1 });
    const movie = (await t.request.post('/api/movies').set(admin.auth).send({ title: 'Short', durationMinutes: 10, rating: 'G' })).body
      .movie;
    expect((await t.request.delete(`/api/movies/${movie.id}`).set(admin.auth)).status).toBe(204);
    expect((await t.request.get('/api/movies')).body.movies.map((m: { id: string }) => m.id)).not.toContain(movie.id);
    expect((await t.request.delete(`/api/movies/${movie.id}`).set(admin.auth)).status).toBe(404);
  });

  it('when a customer tries to edit or delete, then 403', async () => {
    const customer = await registerUser(t.request);
    const showtime = await createShowtime(t.context);
    expect((await t.request.patch(`/api/movies/${showtime.movieId}`).set(customer.auth).send({ title: 'x' })).status).toBe(403);
    expect((await t.request.delete(`/api/showtimes/${showtime.id}`).set(customer.auth)).status).toBe(403);
    expect((await t.request.patch(`/api/showtimes/${showtime.id}`).set(customer.auth).send({ startsAt: showtime.startsAt })).status).toBe(
      403,
    );
  });
});

describe('auditoriums', () => {
  it('when an admin renames a room, then it is listed so; deleting it is refused while a showtime uses it', async () => {
    const showtime = await createShowtime(t.context);
    const renamed = await t.request
      .patch(`/api/auditoriums/${showtime.auditoriumId}`)
      .set(admin.auth)
      .send({ name: 'Hall Nine', orphanRule: 'warn' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.auditorium).toMatchObject({ name: 'Hall Nine', orphanRule: 'warn', seatCount: 30 });
    expect((await t.request.get(`/api/showtimes/${showtime.id}`)).body.showtime.auditoriumName).toBe('Hall Nine');
    expect(errorOf(await t.request.delete(`/api/auditoriums/${showtime.auditoriumId}`).set(admin.auth))).toEqual([409, 'IN_USE']);
    const room = (await t.request.post('/api/auditoriums').set(admin.auth).send(gridLayout(2, 2))).body.auditorium;
    expect((await t.request.delete(`/api/auditoriums/${room.id}`).set(admin.auth)).status).toBe(204);
    expect((await t.request.get('/api/auditoriums')).body.auditoriums.map((a: { id: string }) => a.id)).not.toContain(room.id);
  });
});

describe('deleting showtimes', () => {
  it('when a showtime has sales, then 409 SHOWTIME_HAS_SALES; with only a hold, 409 IN_USE; untouched, 204', async () => {
    const [buyer, holder] = [await registerUser(t.request), await registerUser(t.request)];
    const sold = await createShowtime(t.context);
    await buy(buyer, sold.id, ['A1']);
    const refused = await t.request.delete(`/api/showtimes/${sold.id}`).set(admin.auth);
    expect(errorOf(refused)).toEqual([409, 'SHOWTIME_HAS_SALES']);
    expect(refused.body.error.details).toMatchObject({ bookings: 1, holds: 1 });

    const held = await createShowtime(t.context);
    await hold(holder, held.id, ['B2']);
    expect(errorOf(await t.request.delete(`/api/showtimes/${held.id}`).set(admin.auth))).toEqual([409, 'IN_USE']);

    const empty = await createShowtime(t.context);
    expect((await t.request.get(`/api/showtimes/${empty.id}`)).status).toBe(200); // cached now
    expect((await t.request.delete(`/api/showtimes/${empty.id}`).set(admin.auth)).status).toBe(204);
    expect((await t.request.get(`/api/showtimes/${empty.id}`)).status).toBe(404);
    expect(
      errorOf(
        await t.request
          .post(`/api/showtimes/${empty.id}/holds`)
          .set(holder.auth)
          .send({ seats: ['A1'] }),
      ),
    ).toEqual([404, 'NOT_FOUND']);
  });
});

describe('moving a showtime', () => {
  it('when an admin moves it, then holders, buyers and waiters are told on their sockets, and nobody else', async () => {
    const [buyer, holder, waiter, bystander] = await Promise.all(['B', 'H', 'W', 'X'].map((name) => registerUser(t.request, name)));
    const showtime = await createShowtime(t.context, { rows: 1, seatsPerRow: 3 });
    await buy(buyer!, showtime.id, ['A1']);
    await hold(holder!, showtime.id, ['A2', 'A3']);
    expect((await t.request.post(`/api/showtimes/${showtime.id}/waitlist`).set(waiter!.auth).send({ partySize: 1 })).status).toBe(201);
    const sockets = await Promise.all([buyer, holder, waiter, bystander].map((user) => t.open(user!.token)));

    const startsAt = new Date(new Date(showtime.startsAt).getTime() + 3 * 3600_000);
    const moved = await t.request.patch(`/api/showtimes/${showtime.id}`).set(admin.auth).send({ startsAt: startsAt.toISOString() });
    expect(moved.status).toBe(200);
    // 100 minutes of film plus 15 of turnaround.
    const endsAt = new Date(startsAt.getTime() + 115 * 60_000).toISOString();
    expect(moved.body).toMatchObject({ showtime: { startsAt: startsAt.toISOString(), endsAt }, usersNotified: 3 });
    const message = { showtimeId: showtime.id, startsAt: startsAt.toISOString(), endsAt, previousStartsAt: showtime.startsAt };
    for (const socket of sockets.slice(0, 3)) await expect(socket.waitFor('showtime:changed')).resolves.toEqual(message);
    expect(sockets[3]!.of('showtime:changed')).toEqual([]);
    expect((await t.request.get(`/api/showtimes/${showtime.id}`)).body.showtime.startsAt).toBe(startsAt.toISOString());
    const audit = (await t.request.get(`/api/admin/showtimes/${showtime.id}/audit`).set(admin.auth)).body.events;
    expect(audit.filter((event: { action: string }) => event.action === 'showtime.moved')).toEqual([
      expect.objectContaining({ userId: admin.id, seats: [] }),
    ]);
  });

  it('when the new time clashes, is past, or the showtime was cancelled, then it is refused and nothing moves', async () => {
    const first = await createShowtime(t.context);
    const room = first.auditoriumId;
    const movie = first.movieId;
    const laterStart = new Date(new Date(first.startsAt).getTime() + 4 * 3600_000).toISOString();
    const later = (
      await t.request.post('/api/showtimes').set(admin.auth).send({ movieId: movie, auditoriumId: room, startsAt: laterStart })
    ).body.showtime;
    const clash = await t.request.patch(`/api/showtimes/${later.id}`).set(admin.auth).send({ startsAt: first.startsAt });
    expect(errorOf(clash)).toEqual([409, 'SHOWTIME_OVERLAP']);
    expect(clash.body.error.details.showtimeId).toBe(first.id);
    const past = new Date(Date.now() - 60_000).toISOString();
    expect(errorOf(await t.request.patch(`/api/showtimes/${later.id}`).set(admin.auth).send({ startsAt: past }))).toEqual([
      400,
      'VALIDATION_FAILED',
    ]);
    expect((await t.request.get(`/api/showtimes/${later.id}`)).body.showtime.startsAt).toBe(laterStart);

    // A cancelled showtime frees its slot for others, and cannot be moved itself.
    expect((await t.request.post(`/api/admin/showtimes/${first.id}/cancel`).set(admin.auth).send({})).status).toBe(200);
    expect(errorOf(await t.request.patch(`/api/showtimes/${first.id}`).set(admin.auth).send({ startsAt: laterStart }))).toEqual([
      409,
      'SHOWTIME_CANCELLED',
    ]);
    expect((await t.request.patch(`/api/showtimes/${later.id}`).set(admin.auth).send({ startsAt: first.startsAt })).status).toBe(200);
  });
});
