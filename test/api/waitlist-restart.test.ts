import { createShowtime, registerUsers, type TestUser } from '../support/factories';
import { TestClock } from '../support/clock';
import { createRestartableServer } from '../support/restart';

let server: Awaited<ReturnType<typeof createRestartableServer>>;
beforeAll(async () => {
  server = await createRestartableServer({ HOLD_TTL_SECONDS: '600', WAITLIST_OFFER_TTL_SECONDS: '120' });
});
afterAll(() => server.close());

describe('restart with an open offer', () => {
  it('when the server restarts during an offer, then its deadline still holds, and once past it the seat passes on', async () => {
    const start = new Date();
    const first = await server.start({ clock: new TestClock(start) });
    const showtime = await createShowtime(first.context, { rows: 1, seatsPerRow: 1 });
    const [owner, w1, w2] = (await registerUsers(first.request, 3)) as [TestUser, TestUser, TestUser];
    const holdId = (
      await first.request
        .post(`/api/showtimes/${showtime.id}/holds`)
        .set(owner.auth)
        .send({ seats: ['A1'] })
    ).body.hold.id;
    const e1 = (await first.request.post(`/api/showtimes/${showtime.id}/waitlist`).set(w1.auth).send({ partySize: 1 })).body.entry.id;
    const e2 = (await first.request.post(`/api/showtimes/${showtime.id}/waitlist`).set(w2.auth).send({ partySize: 1 })).body.entry.id;
    await first.request.delete(`/api/holds/${holdId}`).set(owner.auth).expect(204);
    const offer = (await first.request.get(`/api/waitlist/${e1}`).set(w1.auth)).body.entry.offer;
    expect(offer.expiresAt).toBe(new Date(start.getTime() + 120_000).toISOString());

    // A minute later, after a restart: the offer stands with the same deadline.
    const second = await server.start({ clock: new TestClock(new Date(start.getTime() + 60_000)) });
    expect((await second.request.get(`/api/waitlist/${e1}`).set(w1.auth)).body.entry).toMatchObject({ status: 'offered', offer });
    expect((await second.request.get(`/api/waitlist/${e2}`).set(w2.auth)).body.entry).toMatchObject({ status: 'waiting', position: 1 });

    // Down past the deadline: the restart itself expires the offer before serving, and the seat passes on.
    await server.stop();
    const third = await server.start({ clock: new TestClock(new Date(start.getTime() + 121_000)) });
    expect((await third.request.get(`/api/waitlist/${e1}`).set(w1.auth)).body.entry.status).toBe('expired');
    expect((await third.request.get(`/api/waitlist/${e2}`).set(w2.auth)).body.entry).toMatchObject({
      status: 'offered',
      offer: { seats: ['A1'] },
    });
    const log = (await third.request.get(`/api/showtimes/${showtime.id}/waitlist/log`)).body;
    expect(log.verified).toBe(true);
    expect(log.records.map((r: { type: string }) => r.type)).toEqual(['join', 'join', 'offer', 'expire', 'offer']);
  });
});
