// Live seat maps through the whole stack: HTTP writes by the holds module, domain events, coalesced
// socket messages, and a viewer that keeps its map by the rules in docs/realtime.md.
import { createShowtime, registerUser, registerUsers } from '../support/factories';
import { SeatMapViewer } from './socket-client';
import { useRealtimeServer } from './support';

const t = useRealtimeServer({ REALTIME_COALESCE_MS: '50' });
const { open } = t;
async function httpSeatMap(showtimeId: string, auth: Record<string, string> = {}) {
  const res = await t.request.get(`/api/showtimes/${showtimeId}/seats`).set(auth);
  expect(res.status).toBe(200);
  return res.body as { showtimeId: string; version: number; seats: Array<{ label: string; status: string }> };
}
const statusesOf = (map: { seats: Array<{ label: string; status: string }> }) =>
  Object.fromEntries(map.seats.map((seat) => [seat.label, seat.status]));

describe('two viewers of one showtime', () => {
  it('when A holds, buys and releases seats, then B sees each change with a higher version and another showtime sees none', async () => {
    const [showtime, elsewhere] = [await createShowtime(t.context), await createShowtime(t.context)];
    const a = await registerUser(t.request);
    const [aSocket, bSocket, cSocket] = [await open(a.token), await open(), await open()];
    const joined = await bSocket.join(showtime.id);
    if (!joined.ok) throw new Error('join failed');
    await cSocket.join(elsewhere.id);
    const startVersion = joined.snapshot.version;

    const hold = await t.request
      .post(`/api/showtimes/${showtime.id}/holds`)
      .set(a.auth)
      .send({ seats: ['B3', 'B4'] });
    expect(hold.status).toBe(201);
    const held = await bSocket.waitFor('seats:changed', (m) => m.changes.some((c: any) => c.label === 'B3'));
    expect(held).toEqual({
      showtimeId: showtime.id,
      fromVersion: startVersion,
      version: startVersion + 1,
      changes: [
        { label: 'B3', status: 'held' },
        { label: 'B4', status: 'held' },
      ],
    });

    const purchase = await t.request
      .post(`/api/holds/${hold.body.hold.id}/purchase`)
      .set({ ...a.auth, 'Idempotency-Key': 'buy-b3-b4' })
      .send({});
    expect(purchase.status).toBe(201);
    const sold = await bSocket.waitFor('seats:changed', (m) => m.changes.some((c: any) => c.status === 'sold'));
    expect(sold).toMatchObject({
      version: startVersion + 2,
      changes: [
        { label: 'B3', status: 'sold' },
        { label: 'B4', status: 'sold' },
      ],
    });

    const second = await t.request
      .post(`/api/showtimes/${showtime.id}/holds`)
      .set(a.auth)
      .send({ seats: ['C1'] });
    expect((await t.request.delete(`/api/holds/${second.body.hold.id}`).set(a.auth)).status).toBe(204);
    const released = await bSocket.waitFor('seats:changed', (m) =>
      m.changes.some((c: any) => c.label === 'C1' && c.status === 'available'),
    );
    expect(released.version).toBeGreaterThan(sold.version);

    // Fence: a change in C's own showtime arrives after anything that could have leaked to it.
    await t.request
      .post(`/api/showtimes/${elsewhere.id}/holds`)
      .set(a.auth)
      .send({ seats: ['A1'] });
    await cSocket.waitFor('seats:changed');
    expect(cSocket.of('seats:changed')).toEqual([
      { showtimeId: elsewhere.id, fromVersion: 0, version: 1, changes: [{ label: 'A1', status: 'held' }] },
    ]);
    expect(aSocket.of('seats:changed')).toHaveLength(0);
  });
});

describe('a burst of holds', () => {
  it('when 100 users each hold one seat at once, then a viewer ends with exactly the HTTP seat map', async () => {
    const showtime = await createShowtime(t.context, { rows: 10, seatsPerRow: 12 });
    const users = await registerUsers(t.request, 100);
    const viewer = new SeatMapViewer(await open(), showtime.id);
    await viewer.join();
    const labels = users.map((_, i) => `${String.fromCharCode(65 + Math.floor(i / 10))}${(i % 10) + 1}`);

    const results = await Promise.all(
      users.map((user, i) =>
        t.request
          .post(`/api/showtimes/${showtime.id}/holds`)
          .set(user.auth)
          .send({ seats: [labels[i]] }),
      ),
    );
    expect(results.filter((res) => res.status === 201)).toHaveLength(100);

    const truth = await httpSeatMap(showtime.id);
    expect(truth.version).toBe(100);
    await viewer.reach(truth.version);
    expect(viewer.version).toBe(truth.version);
    expect(viewer.statuses()).toEqual(statusesOf(truth));
    expect(Object.values(viewer.statuses()).filter((status) => status === 'held')).toHaveLength(100);
    const messages = viewer.client.of('seats:changed');
    expect(messages.length).toBeLessThanOrEqual(100);
    expect(messages.flatMap((m) => m.changes).filter((c) => c.status === 'held')).toHaveLength(100);
  });
});

describe('reconnecting', () => {
  it('when a viewer was away while seats changed, then its re-join snapshot equals the HTTP seat map', async () => {
    const showtime = await createShowtime(t.context);
    const [buyer, watcher] = [await registerUser(t.request), await registerUser(t.request)];
    const mine = await t.request
      .post(`/api/showtimes/${showtime.id}/holds`)
      .set(watcher.auth)
      .send({ seats: ['A5'] });
    expect(mine.status).toBe(201);
    const first = await open(watcher.token);
    const before = await first.join(showtime.id);
    first.close();

    const hold = await t.request
      .post(`/api/showtimes/${showtime.id}/holds`)
      .set(buyer.auth)
      .send({ seats: ['A1', 'A2'] });
    await t.request
      .post(`/api/holds/${hold.body.hold.id}/purchase`)
      .set({ ...buyer.auth, 'Idempotency-Key': 'away-1' })
      .send({});
    await t.request
      .post(`/api/showtimes/${showtime.id}/holds`)
      .set(buyer.auth)
      .send({ seats: ['B7'] });

    const again = await open(watcher.token);
    const after = await again.join(showtime.id);
    const truth = await httpSeatMap(showtime.id, watcher.auth);
    expect(after).toEqual({ ok: true, snapshot: truth });
    expect(before.ok && after.ok && after.snapshot.version - before.snapshot.version).toBe(3);
    expect(truth.seats.find((seat) => seat.label === 'A5')).toMatchObject({ status: 'held', mine: true });
  });
});
