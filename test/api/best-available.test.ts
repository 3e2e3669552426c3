import { startTestServer } from '../support/app';
import { call, countStatuses } from '../support/http';
import { createAdmin, createShowtime, gridLayout, registerUser, registerUsers, type TestUser } from '../support/factories';
import { expectContractError } from '../support/contract';
import { runsOf } from '../../src/modules/waitlist/waitlist-rules';
import type { AuditoriumInput } from '../../src/modules/catalog';

let t: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  t = await startTestServer({ HOLD_TTL_SECONDS: '600', MAX_SEATS_PER_HOLD: '8', MAX_SEATS_PER_USER: '8' });
});
afterAll(() => t.close());

const holdCount = (user: TestUser, showtimeId: string, body: object) =>
  t.request.post(`/api/showtimes/${showtimeId}/holds`).set(user.auth).send(body);
const holdSeats = async (user: TestUser, showtimeId: string, seats: string[]) => {
  const res = await t.request.post(`/api/showtimes/${showtimeId}/holds`).set(user.auth).send({ seats });
  expect(res.status).toBe(201);
  return res.body.hold.id as string;
};
const best = (showtimeId: string, query: string) => t.request.get(`/api/showtimes/${showtimeId}/best?${query}`);

/** A showtime in a room made by an admin through POST /api/auditoriums, so its settings go the public way. */
async function showtimeIn(layout: AuditoriumInput) {
  const admin = await createAdmin(t.context, t.request);
  const room = await t.request.post('/api/auditoriums').set(admin.auth).send(layout);
  expect(room.status).toBe(201);
  const { catalog } = t.context.services;
  const movie = await catalog.createMovie({ title: `Film ${room.body.auditorium.id}`, durationMinutes: 100, rating: 'PG' });
  const startsAt = new Date(t.context.clock.now().getTime() + 86_400_000).toISOString();
  const showtime = await catalog.createShowtime(
    { movieId: movie.id, auditoriumId: room.body.auditorium.id, startsAt },
    t.context.clock.now(),
  );
  return { showtime, auditorium: room.body.auditorium };
}

/** rows x seats with an aisle after seat `aisleAfter` in every row. */
const aisleLayout = (rows: number, seats: number, aisleAfter: number, extra: Partial<AuditoriumInput> = {}): AuditoriumInput => {
  const layout = gridLayout(rows, seats);
  return { ...layout, rows: layout.rows.map((row) => ({ ...row, gapsAfter: [aisleAfter] })), ...extra };
};

describe('holds by count', () => {
  it('when four seats are asked for in an empty room, then the preview and the hold give the same block in the middle, two thirds back', async () => {
    const showtime = await createShowtime(t.context, { rows: 6, seatsPerRow: 10 });
    const user = await registerUser(t.request);
    const preview = await best(showtime.id, 'count=4');
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({ seats: ['D4', 'D5', 'D6', 'D7'] });
    const res = await holdCount(user, showtime.id, { count: 4 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ hold: expect.objectContaining({ seats: ['D4', 'D5', 'D6', 'D7'], status: 'active' }) });
    // The next pick avoids the held block and strands no seat beside it.
    expect((await best(showtime.id, 'count=4')).body.seats).toEqual(['E4', 'E5', 'E6', 'E7']);
  });

  it('when a section or an accessible seat is asked for, then the block keeps to it', async () => {
    const layout = gridLayout(4, 6);
    layout.sections.push({ name: 'Premium', priceCents: 2000 });
    layout.rows[0] = { ...(layout.rows[0] as AuditoriumInput['rows'][number]), accessible: [1] };
    layout.rows[3] = { ...(layout.rows[3] as AuditoriumInput['rows'][number]), section: 'Premium' };
    const showtime = await createShowtime(t.context, { layout });
    const user = await registerUser(t.request);
    expect((await best(showtime.id, 'count=2&section=Premium')).body.seats).toEqual(['D3', 'D4']);
    expect((await best(showtime.id, 'count=2&accessible=true')).body.seats).toEqual(['A1', 'A2']);
    const res = await holdCount(user, showtime.id, { count: 3, section: 'Premium' });
    expect(res.body.hold.seats).toEqual(['D1', 'D2', 'D3']);
  });

  it('when no row has the seats together, then four split over neighbouring rows, three answer 409 NO_SEATS_TOGETHER, too many 409 SEATS_UNAVAILABLE', async () => {
    const showtime = await createShowtime(t.context, { rows: 3, seatsPerRow: 4 });
    const owner = await registerUser(t.request);
    await holdSeats(owner, showtime.id, ['A3', 'A4', 'B3', 'B4', 'C3', 'C4']); // free: two at the left of each row
    const user = await registerUser(t.request);
    expectContractError(await holdCount(user, showtime.id, { count: 3 }), 409, 'NO_SEATS_TOGETHER');
    expectContractError(await best(showtime.id, 'count=3'), 409, 'NO_SEATS_TOGETHER');
    expectContractError(await holdCount(user, showtime.id, { count: 7 }), 409, 'SEATS_UNAVAILABLE');
    const split = await holdCount(user, showtime.id, { count: 4 });
    expect(split.status).toBe(201);
    expect(split.body.hold.seats).toEqual(['B1', 'B2', 'C1', 'C2']); // two behind two, nearest the best spot
  });

  it('when the body mixes seats and count, or count is 0, too big or not a number, then 400', async () => {
    const showtime = await createShowtime(t.context);
    const user = await registerUser(t.request);
    for (const body of [{ seats: ['A1'], count: 1 }, { count: 0 }, { count: 9 }, { count: '2' }, { count: 2, extra: 1 }]) {
      expectContractError(await holdCount(user, showtime.id, body), 400, 'VALIDATION_FAILED');
    }
    expectContractError(await best(showtime.id, 'count=0'), 400, 'VALIDATION_FAILED');
    expectContractError(await best(showtime.id, 'count=9'), 400, 'VALIDATION_FAILED');
    expect((await best('no-such-showtime', 'count=2')).status).toBe(404);
  });

  it('when 50 people ask for four seats at once, then no seat is held twice and every hold is together while a block of four remains', async () => {
    const showtime = await createShowtime(t.context, { layout: aisleLayout(8, 14, 7) }); // 112 seats, aisle in the middle
    const users = await registerUsers(t.request, 50);
    const replies = await Promise.all(
      users.map((user) => call(t.url, 'POST', `/api/showtimes/${showtime.id}/holds`, { token: user.token, body: { count: 4 } })),
    );
    const counts = countStatuses(replies);
    expect((counts[201] ?? 0) + (counts[409] ?? 0)).toBe(50);
    const held = replies.filter((reply) => reply.status === 201).map((reply) => reply.body.hold as { id: string; seats: string[] });
    const all = held.flatMap((hold) => hold.seats);
    expect(new Set(all).size).toBe(all.length);
    expect(held.every((hold) => hold.seats.length === 4)).toBe(true);
    for (const reply of replies.filter((r) => r.status === 409))
      expect(['NO_SEATS_TOGETHER', 'SEATS_UNAVAILABLE']).toContain(reply.body.error.code);

    // Replay in commit order (hold ids are UUIDv7, made one after another under the showtime's lock).
    const seats = (await t.request.get(`/api/showtimes/${showtime.id}/seats`)).body.seats as Array<{
      label: string;
      row: string;
      column: number;
      status: string;
    }>;
    let free = seats.map(({ label, row, column }) => ({ label, row, column }));
    let together = 0;
    for (const hold of [...held].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const spots = free.filter((seat) => hold.seats.includes(seat.label));
      const isTogether = runsOf(spots, 4).length === 1;
      if (!isTogether) expect(runsOf(free, 4)).toEqual([]);
      together += Number(isTogether);
      free = free.filter((seat) => !hold.seats.includes(seat.label));
    }
    // Each half-row of 7 gives one block of 4 at its aisle or wall (leaving 3, no seat alone): 16 together;
    // then two-and-two over neighbouring rows from the threes (8), then nothing is together any more.
    expect(together).toBe(16);
    expect(counts).toEqual({ 201: 24, 409: 26 });
    expect(seats.filter((seat) => seat.status === 'held')).toHaveLength(all.length);
  });
});

describe('the orphan rule for hand-picked seats', () => {
  it("when the room's rule is off, then a choice that strands a seat is held without a word", async () => {
    const { showtime, auditorium } = await showtimeIn(gridLayout(1, 6));
    expect(auditorium).toMatchObject({ orphanRule: 'off', bestSpot: null });
    const res = await t.request
      .post(`/api/showtimes/${showtime.id}/holds`)
      .set((await registerUser(t.request)).auth)
      .send({ seats: ['A2', 'A3'] });
    expect(res.status).toBe(201);
    expect(res.body.warnings).toBeUndefined();
  });

  it('when the rule is warn, then the hold is made and the answer names the stranded seat', async () => {
    const { showtime, auditorium } = await showtimeIn({ ...gridLayout(1, 6), orphanRule: 'warn' });
    expect(auditorium.orphanRule).toBe('warn');
    const user = await registerUser(t.request);
    const res = await t.request
      .post(`/api/showtimes/${showtime.id}/holds`)
      .set(user.auth)
      .send({ seats: ['A2', 'A3'] });
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([{ code: 'ORPHAN_SEAT', seats: ['A1'] }]);
    // A4 A5 A6 left: taking A4 A5 strands A6, but any two of three would, so no warning.
    const next = await t.request
      .post(`/api/showtimes/${showtime.id}/holds`)
      .set(user.auth)
      .send({ seats: ['A4', 'A5'] });
    expect(next.status).toBe(201);
    expect(next.body.warnings).toBeUndefined();
  });

  it('when the web app asks before holding, then /orphans names what the choice would strand and the rule, holding nothing', async () => {
    const { showtime } = await showtimeIn({ ...gridLayout(1, 6), orphanRule: 'warn' });
    const ask = (seats: string) => t.request.get(`/api/showtimes/${showtime.id}/orphans`).query({ seats });
    expect((await ask('A2,A3')).body).toEqual({ rule: 'warn', stranded: ['A1'] });
    expect((await ask('A1,A2')).body).toEqual({ rule: 'warn', stranded: [] });
    expect(await t.context.db.hold.count({ where: { showtimeId: showtime.id } })).toBe(0);
    expectContractError(await ask('A2,Z99'), 400, 'VALIDATION_FAILED');
    expectContractError(await ask(''), 400, 'VALIDATION_FAILED');
    expectContractError(await t.request.get('/api/showtimes/no-such-showtime/orphans').query({ seats: 'A1' }), 404, 'NOT_FOUND');
  });

  it('when the rule is enforce, then a choice that strands a seat a shift would spare is refused 409 ORPHAN_SEAT, and the shifted one is held', async () => {
    const { showtime } = await showtimeIn({ ...gridLayout(2, 6), orphanRule: 'enforce' });
    const user = await registerUser(t.request);
    const refused = await t.request
      .post(`/api/showtimes/${showtime.id}/holds`)
      .set(user.auth)
      .send({ seats: ['A2', 'A3'] });
    expectContractError(refused, 409, 'ORPHAN_SEAT');
    expect(refused.body.error.details).toEqual({ seats: ['A1'] });
    expect(await t.context.db.hold.count({ where: { showtimeId: showtime.id } })).toBe(0);
    expect(
      (
        await t.request
          .post(`/api/showtimes/${showtime.id}/holds`)
          .set(user.auth)
          .send({ seats: ['A1', 'A2'] })
      ).status,
    ).toBe(201);
    // Holds by count never strand a seat they could spare, whatever the rule.
    expect((await holdCount(user, showtime.id, { count: 3 })).body.hold.seats).toEqual(['B1', 'B2', 'B3']);
  });
});

describe('the waitlist and seats together', () => {
  it('when a party of 3 wants seats together and a row frees, then it is offered 3 side by side that strand no seat', async () => {
    const showtime = await createShowtime(t.context, { rows: 2, seatsPerRow: 6 });
    const [owner, other, party] = (await registerUsers(t.request, 3)) as [TestUser, TestUser, TestUser];
    await holdSeats(other, showtime.id, ['A1', 'A2', 'A3', 'A4', 'A5', 'A6']);
    const rowB = await holdSeats(owner, showtime.id, ['B1', 'B2', 'B3', 'B4', 'B5', 'B6']);
    const joined = await t.request.post(`/api/showtimes/${showtime.id}/waitlist`).set(party.auth).send({ partySize: 3, adjacent: true });
    expect(joined.status).toBe(201);
    expect((await t.request.delete(`/api/holds/${rowB}`).set(owner.auth)).status).toBe(204);
    const entry = (await t.request.get(`/api/waitlist/${joined.body.entry.id}`).set(party.auth)).body.entry;
    // The middle (B2-B4 or B3-B5) would strand B1 or B6; B1-B3 is the nearest block that strands none.
    expect(entry).toMatchObject({ status: 'offered', offer: { seats: ['B1', 'B2', 'B3'] } });
    expect((await t.request.get(`/api/showtimes/${showtime.id}/waitlist/log`)).body.verified).toBe(true);
  });
});
