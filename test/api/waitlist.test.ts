import { createShowtime, registerUser, registerUsers, type TestUser } from '../support/factories';
import { useWaitlistApp } from '../support/waitlist';
import type { DomainEvents } from '../../src/lib/events';

const t = useWaitlistApp();
const { clock, hold, buy, release, join, entryOf, logOf } = t;
const seatStatus = async (showtimeId: string) =>
  Object.fromEntries(
    ((await t.request.get(`/api/showtimes/${showtimeId}/seats`)).body.seats as Array<{ label: string; status: string }>).map((s) => [
      s.label,
      s.status,
    ]),
  );

/** A 1 x `seats` room, sold out through holds of one user. */
async function soldOutRoom(seats = 2) {
  const showtime = await createShowtime(t.context, { rows: 1, seatsPerRow: seats });
  const owner = await registerUser(t.request);
  const holdId = await hold(
    owner,
    showtime.id,
    Array.from({ length: seats }, (_, i) => `A${i + 1}`),
  );
  return { showtime, owner, holdId };
}

describe('joining the waitlist', () => {
  it('when seats are free, then joining answers 409 SEATS_AVAILABLE and nothing is written', async () => {
    const showtime = await createShowtime(t.context, { rows: 1, seatsPerRow: 4 });
    const user = await registerUser(t.request);
    const res = await join(user, showtime.id, { partySize: 2 });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('SEATS_AVAILABLE');
    expect(await t.context.db.waitlistEntry.count({ where: { showtimeId: showtime.id } })).toBe(0);
    expect(await t.context.db.waitlistLogRecord.count({ where: { showtimeId: showtime.id } })).toBe(0);
  });

  it('when the showtime is sold out, then the entry is waiting at position 1, and a second join answers 409 ALREADY_WAITLISTED', async () => {
    const { showtime } = await soldOutRoom();
    const user = await registerUser(t.request);
    const res = await join(user, showtime.id, { partySize: 1 });
    expect(res.status).toBe(201);
    expect(res.body.entry).toEqual({
      id: expect.any(String),
      showtimeId: showtime.id,
      partySize: 1,
      adjacent: false,
      status: 'waiting',
      position: 1,
      joinedAt: clock.now().toISOString(),
    });
    const again = await join(user, showtime.id, { partySize: 2, adjacent: true });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_WAITLISTED');
  });

  it('when one user sends 10 joins at once, then exactly one is 201 and the rest are 409 ALREADY_WAITLISTED', async () => {
    const { showtime } = await soldOutRoom();
    const user = await registerUser(t.request);
    const answers = await Promise.all(Array.from({ length: 10 }, () => join(user, showtime.id, { partySize: 1 })));
    expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
    expect(answers.filter((r) => r.status === 409 && r.body.error.code === 'ALREADY_WAITLISTED')).toHaveLength(9);
    expect(await t.context.db.waitlistEntry.count({ where: { showtimeId: showtime.id } })).toBe(1);
  });

  it('when 4 seats are free but not side by side, then a party of 4 adjacent may join and a party of 4 anywhere may not', async () => {
    const showtime = await createShowtime(t.context, { rows: 2, seatsPerRow: 4 });
    const owner = await registerUser(t.request);
    await hold(owner, showtime.id, ['A2', 'A4', 'B2', 'B4']);
    const [a, b] = [await registerUser(t.request), await registerUser(t.request)];
    expect((await join(a, showtime.id, { partySize: 4 })).body.error.code).toBe('SEATS_AVAILABLE');
    expect((await join(b, showtime.id, { partySize: 4, adjacent: true })).status).toBe(201);
  });

  it('when the party size is 0, too big or not a number, or the showtime is unknown, then 400 or 404', async () => {
    const { showtime } = await soldOutRoom();
    const user = await registerUser(t.request);
    for (const body of [{ partySize: 0 }, { partySize: 11 }, { partySize: '2' }, {}, { partySize: 1, extra: true }]) {
      const res = await join(user, showtime.id, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await join(user, 'no-such-showtime', { partySize: 1 })).status).toBe(404);
    expect((await t.request.post(`/api/showtimes/${showtime.id}/waitlist`).send({ partySize: 1 })).status).toBe(401);
  });
  it('when the party is larger than the whole room, or wants more seats side by side than a row has, then 400 and nothing is written', async () => {
    const { showtime } = await soldOutRoom(2);
    const user = await registerUser(t.request);
    const tooMany = await join(user, showtime.id, { partySize: 3 });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'body.partySize', seatsInRoom: 2 } });
    const wide = await createShowtime(t.context, { rows: 2, seatsPerRow: 2 });
    const owner = await registerUser(t.request);
    await hold(owner, wide.id, ['A1', 'A2', 'B1', 'B2']);
    const apart = await join(user, wide.id, { partySize: 3, adjacent: true });
    expect(apart.status).toBe(400);
    expect(apart.body.error.message).toMatch(/side by side/);
    expect(await t.context.db.waitlistEntry.count({ where: { showtimeId: { in: [showtime.id, wide.id] } } })).toBe(0);
    // The same party without the side-by-side wish fits the room, so it may wait.
    expect((await join(user, wide.id, { partySize: 3 })).status).toBe(201);
  });
});

describe('offers', () => {
  it('when a held seat is released, then the first in line gets an offer hold at once and the seat never shows available', async () => {
    const { showtime, owner, holdId } = await soldOutRoom();
    const [first, second] = (await registerUsers(t.request, 2)) as [TestUser, TestUser];
    const e1 = (await join(first, showtime.id, { partySize: 1 })).body.entry.id;
    const e2 = (await join(second, showtime.id, { partySize: 1 })).body.entry.id;
    const offers: DomainEvents['waitlist.offer'][] = [];
    const positions: DomainEvents['waitlist.position'][] = [];
    const stop = [
      t.context.events.on('waitlist.offer', (e) => offers.push(e)),
      t.context.events.on('waitlist.position', (e) => positions.push(e)),
    ];

    // Releasing the owner's 2 seats serves both in order.
    expect((await release(owner, holdId)).status).toBe(204);
    stop.forEach((off) => off());
    const [one, two] = [await entryOf(first, e1), await entryOf(second, e2)];
    expect(one).toMatchObject({
      status: 'offered',
      offer: { seats: ['A1'], expiresAt: new Date(clock.now().getTime() + 120_000).toISOString() },
    });
    expect(two).toMatchObject({ status: 'offered', offer: { seats: ['A2'] } });
    expect(one.position).toBeUndefined();
    expect(offers.map((o) => [o.entryId, o.seats])).toEqual([
      [e1, ['A1']],
      [e2, ['A2']],
    ]);
    expect(positions).toEqual([]);
    expect(await seatStatus(showtime.id)).toEqual({ A1: 'held', A2: 'held' });

    // Accepting = buying the offer hold.
    await buy(first, one.offer.holdId);
    expect((await entryOf(first, e1)).status).toBe('accepted');
    // Another user's entry does not exist for me.
    expect((await t.request.get(`/api/waitlist/${e1}`).set(second.auth)).status).toBe(404);
    expect((await t.request.delete(`/api/waitlist/${e1}`).set(second.auth)).status).toBe(404);
  });

  it('when the first in line leaves with an open offer, then its hold is released and the seat passes to the next', async () => {
    const { showtime, owner } = await soldOutRoom(1);
    const users = await registerUsers(t.request, 3);
    const ids: string[] = [];
    for (const user of users) ids.push((await join(user, showtime.id, { partySize: 1 })).body.entry.id);
    const holdId = (await t.context.db.hold.findFirstOrThrow({ where: { showtimeId: showtime.id, userId: owner.id } })).id;
    const positions: DomainEvents['waitlist.position'][] = [];
    const off = t.context.events.on('waitlist.position', (e) => positions.push(e));
    await release(owner, holdId);
    expect(positions.map((p) => [p.entryId, p.position])).toEqual([
      [ids[1], 1],
      [ids[2], 2],
    ]);

    const offer = (await entryOf(users[0] as TestUser, ids[0] as string)).offer;
    expect((await t.request.delete(`/api/waitlist/${ids[0]}`).set((users[0] as TestUser).auth)).status).toBe(204);
    off();
    expect((await entryOf(users[0] as TestUser, ids[0] as string)).status).toBe('left');
    expect((await t.context.db.hold.findUniqueOrThrow({ where: { id: offer.holdId } })).status).toBe('released');
    expect(await entryOf(users[1] as TestUser, ids[1] as string)).toMatchObject({ status: 'offered', offer: { seats: ['A1'] } });
    expect(await entryOf(users[2] as TestUser, ids[2] as string)).toMatchObject({ status: 'waiting', position: 1 });
    expect(positions.slice(2).map((p) => [p.entryId, p.position])).toEqual([[ids[2], 1]]);
    // Leaving again is a no-op; a waiting entry may leave too, and may join again afterwards.
    expect((await t.request.delete(`/api/waitlist/${ids[0]}`).set((users[0] as TestUser).auth)).status).toBe(204);
    expect((await t.request.delete(`/api/waitlist/${ids[2]}`).set((users[2] as TestUser).auth)).status).toBe(204);
    expect((await entryOf(users[2] as TestUser, ids[2] as string)).status).toBe('left');
    expect((await join(users[2] as TestUser, showtime.id, { partySize: 1 })).status).toBe(201);
  });

  it('when an offer is not bought in time, then the entry expires and the seat passes to the next in line', async () => {
    const { showtime, owner, holdId } = await soldOutRoom(1);
    const [first, second] = (await registerUsers(t.request, 2)) as [TestUser, TestUser];
    const e1 = (await join(first, showtime.id, { partySize: 1 })).body.entry.id;
    const e2 = (await join(second, showtime.id, { partySize: 1 })).body.entry.id;
    await release(owner, holdId);
    const expired: DomainEvents['waitlist.expired'][] = [];
    const off = t.context.events.on('waitlist.expired', (e) => expired.push(e));
    clock.advance(121);
    expect((await entryOf(first, e1)).status).toBe('expired');
    expect(await t.context.services.holds.expireOverdueIn(showtime.id)).toBe(1);
    off();
    expect(expired.map((e) => e.entryId)).toEqual([e1]);
    expect(await entryOf(second, e2)).toMatchObject({ status: 'offered', offer: { seats: ['A1'] } });
    const log = await logOf(showtime.id);
    expect(log.verified).toBe(true);
    expect(log.records.map((r: { type: string }) => r.type)).toEqual(['join', 'join', 'offer', 'expire', 'offer']);
  });
});

describe('party size and side-by-side seats', () => {
  it('when a party of 4 wanting adjacent seats is first, then it is never offered scattered seats, parties behind it are served, and a run goes to it', async () => {
    const showtime = await createShowtime(t.context, { rows: 2, seatsPerRow: 4 });
    const owners = await registerUsers(t.request, 5);
    const [hA1, hA24, hB12, hB3, hB4] = [
      await hold(owners[0] as TestUser, showtime.id, ['A1']),
      await hold(owners[1] as TestUser, showtime.id, ['A2', 'A3', 'A4']),
      await hold(owners[2] as TestUser, showtime.id, ['B1', 'B2']),
      await hold(owners[3] as TestUser, showtime.id, ['B3']),
      await hold(owners[4] as TestUser, showtime.id, ['B4']),
    ];
    const [four, one, three] = (await registerUsers(t.request, 3)) as [TestUser, TestUser, TestUser];
    const eFour = (await join(four, showtime.id, { partySize: 4, adjacent: true })).body.entry.id;
    const eOne = (await join(one, showtime.id, { partySize: 1 })).body.entry.id;
    const eThree = (await join(three, showtime.id, { partySize: 3 })).body.entry.id;

    await release(owners[3] as TestUser, hB3 as string); // B3 frees: the 4 cannot use it, the 1 behind can
    expect(await entryOf(one, eOne)).toMatchObject({ status: 'offered', offer: { seats: ['B3'] } });
    expect(await entryOf(four, eFour)).toMatchObject({ status: 'waiting', position: 1 });
    await buy(one, (await entryOf(one, eOne)).offer.holdId);

    await release(owners[0] as TestUser, hA1 as string);
    await release(owners[2] as TestUser, hB12 as string); // free: A1 B1 B2 = 3, no run of 4
    expect(await entryOf(three, eThree)).toMatchObject({ status: 'offered', offer: { seats: ['A1', 'B1', 'B2'] } });
    await t.request.delete(`/api/waitlist/${eThree}`).set(three.auth); // declined: A1 B1 B2 go back
    await release(owners[4] as TestUser, hB4 as string); // free: A1 B1 B2 B4, scattered
    expect(await entryOf(four, eFour)).toMatchObject({ status: 'waiting', position: 1 });
    expect(await seatStatus(showtime.id)).toMatchObject({ A1: 'available', B1: 'available', B2: 'available', B4: 'available' });

    await release(owners[1] as TestUser, hA24 as string); // row A is now whole
    expect(await entryOf(four, eFour)).toMatchObject({ status: 'offered', offer: { seats: ['A1', 'A2', 'A3', 'A4'] } });
    expect((await logOf(showtime.id)).verified).toBe(true);
  });
});
