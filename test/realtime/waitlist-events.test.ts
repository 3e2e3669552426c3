// Waitlist notices over real sockets, driven only through the HTTP API: a released seat becomes an offer
// that reaches every socket of the first in line and no one else, viewers see the seat stay held, and
// an offer that runs out (a one-second WAITLIST_OFFER_TTL_SECONDS) passes to the next in line.
// Coalescing is off so every seat change is its own message: a seat flashing "available" could not hide.
import { createShowtime, registerUser, type TestUser } from '../support/factories';
import type { TestSocket } from './socket-client';
import { useRealtimeServer } from './support';

type Server = ReturnType<typeof useRealtimeServer>;

async function holdSeat(t: Server, user: TestUser, showtimeId: string, label: string) {
  const res = await t.request
    .post(`/api/showtimes/${showtimeId}/holds`)
    .set(user.auth)
    .send({ seats: [label] });
  expect(res.status).toBe(201);
  return res.body.hold.id as string;
}

async function joinWaitlist(t: Server, user: TestUser, showtimeId: string, position: number) {
  const res = await t.request.post(`/api/showtimes/${showtimeId}/waitlist`).set(user.auth).send({ partySize: 1 });
  expect(res.status).toBe(201);
  expect(res.body.entry).toMatchObject({ status: 'waiting', position });
  return res.body.entry.id as string;
}

/** An anonymous viewer in the showtime's room, joined before any seat changes. */
async function watch(t: Server, showtimeId: string) {
  const viewer = await t.open();
  const joined = await viewer.join(showtimeId);
  expect(joined).toMatchObject({ ok: true, snapshot: { version: 0 } });
  return viewer;
}

/** Waits until the viewer has the seat map's current version, then returns every seats:changed it got. */
async function seatMessagesUpToNow(t: Server, viewer: TestSocket, showtimeId: string) {
  const { version } = (await t.request.get(`/api/showtimes/${showtimeId}/seats`)).body;
  await viewer.waitFor('seats:changed', (message) => message.version >= version);
  return viewer.of('seats:changed');
}

const heldMessage = (showtimeId: string, version: number, label: string) => ({
  showtimeId,
  fromVersion: version - 1,
  version,
  changes: [{ label, status: 'held' }],
});

describe('an offer', () => {
  const t = useRealtimeServer({ REALTIME_COALESCE_MS: '0', WAITLIST_OFFER_TTL_SECONDS: '120' });

  it('when a held seat of a sold-out showtime is released, then both sockets of the first in line get waitlist:offer, the next in line gets none, and viewers see the seat stay held', async () => {
    const showtime = await createShowtime(t.context, { rows: 1, seatsPerRow: 2 });
    const [a, b, c] = [await registerUser(t.request), await registerUser(t.request), await registerUser(t.request)];
    const viewer = await watch(t, showtime.id);
    const releasing = await holdSeat(t, a, showtime.id, 'A1');
    await holdSeat(t, a, showtime.id, 'A2');
    const [bEntry, cEntry] = [await joinWaitlist(t, b, showtime.id, 1), await joinWaitlist(t, c, showtime.id, 2)];
    const [bTabOne, bTabTwo, cTab] = [await t.open(b.token), await t.open(b.token), await t.open(c.token)];

    expect((await t.request.delete(`/api/holds/${releasing}`).set(a.auth)).status).toBe(204);

    const entry = (await t.request.get(`/api/waitlist/${bEntry}`).set(b.auth)).body.entry;
    expect(entry).toMatchObject({ status: 'offered', offer: { holdId: expect.any(String), seats: ['A1'], expiresAt: expect.any(String) } });
    const expected = { entryId: bEntry, ...entry.offer };
    await expect(bTabOne.waitFor('waitlist:offer')).resolves.toEqual(expected);
    await expect(bTabTwo.waitFor('waitlist:offer')).resolves.toEqual(expected);
    // C moved up behind B's offer: its position notice leaves the same commit after B's offer.
    await expect(cTab.waitFor('waitlist:position')).resolves.toEqual({ entryId: cEntry, position: 1 });
    expect(cTab.of('waitlist:offer')).toHaveLength(0);
    expect(bTabOne.of('waitlist:offer')).toHaveLength(1);
    expect(bTabTwo.of('waitlist:offer')).toHaveLength(1);

    expect(await seatMessagesUpToNow(t, viewer, showtime.id)).toEqual([
      heldMessage(showtime.id, 1, 'A1'),
      heldMessage(showtime.id, 2, 'A2'),
      heldMessage(showtime.id, 3, 'A1'),
    ]);
    expect(viewer.of('waitlist:offer')).toHaveLength(0);
  });
});

describe('an offer that runs out', () => {
  const t = useRealtimeServer({ REALTIME_COALESCE_MS: '0', WAITLIST_OFFER_TTL_SECONDS: '1' });

  /** The offer records of the public fairness log, as {entryId, holdId, seats, expiresAt}. */
  async function loggedOffers(showtimeId: string) {
    const log = (await t.request.get(`/api/showtimes/${showtimeId}/waitlist/log`)).body;
    expect(log.verified).toBe(true);
    return log.records
      .filter((record: { type: string }) => record.type === 'offer')
      .map((record: { data: string }) => JSON.parse(record.data))
      .map(({ entry, hold, seats, expiresAt }: Record<string, unknown>) => ({ entryId: entry, holdId: hold, seats, expiresAt }));
  }

  it('when the first in line lets its offer expire, then it gets waitlist:expired and the next in line gets waitlist:offer for the same seat', async () => {
    const showtime = await createShowtime(t.context, { rows: 1, seatsPerRow: 1 });
    const [a, b, d] = [await registerUser(t.request), await registerUser(t.request), await registerUser(t.request)];
    const viewer = await watch(t, showtime.id);
    const holdId = await holdSeat(t, a, showtime.id, 'A1');
    const [bEntry, dEntry] = [await joinWaitlist(t, b, showtime.id, 1), await joinWaitlist(t, d, showtime.id, 2)];
    const [bTab, dTab] = [await t.open(b.token), await t.open(d.token)];

    expect((await t.request.delete(`/api/holds/${holdId}`).set(a.auth)).status).toBe(204);
    await expect(bTab.waitFor('waitlist:offer')).resolves.toMatchObject({ entryId: bEntry, seats: ['A1'] });
    await expect(bTab.waitFor('waitlist:expired')).resolves.toEqual({ entryId: bEntry });
    const dOffer = await dTab.waitFor('waitlist:offer');

    const [bOffer, nextOffer] = await loggedOffers(showtime.id);
    expect(bTab.of('waitlist:offer')).toEqual([bOffer]);
    expect(nextOffer).toMatchObject({ entryId: dEntry, seats: ['A1'] });
    expect(dOffer).toEqual(nextOffer);
    expect(dTab.of('waitlist:offer')).toEqual([nextOffer]);
    expect(dTab.of('waitlist:position')).toEqual([{ entryId: dEntry, position: 1 }]);
    expect((await t.request.get(`/api/waitlist/${bEntry}`).set(b.auth)).body.entry.status).toBe('expired');

    // Held by A, then by B's offer, then by D's: never available in between. (D's offer may run out too.)
    const messages = await seatMessagesUpToNow(t, viewer, showtime.id);
    expect(messages.slice(0, 3)).toEqual([1, 2, 3].map((version) => heldMessage(showtime.id, version, 'A1')));
  });
});
