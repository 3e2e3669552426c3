// Cancelling a showtime that has buyers, holders and a waitlist, over the real HTTP API and real sockets:
// every affected user is told on their own socket, bookings end cancelled with the reason, holds
// released, waitlist entries closed, new holds and joins are refused, the report follows, and a second
// cancel changes nothing.
import { useRealtimeServer } from '../realtime/support';
import type { TestSocket } from '../realtime/socket-client';
import { createAdmin, createShowtime, registerUser, type TestUser } from '../support/factories';

const t = useRealtimeServer({ REALTIME_COALESCE_MS: '0', HOLD_TTL_SECONDS: '600', WAITLIST_OFFER_TTL_SECONDS: '120' });
let keys = 0;

async function hold(user: TestUser, showtimeId: string, seats: string[]) {
  const res = await t.request.post(`/api/showtimes/${showtimeId}/holds`).set(user.auth).send({ seats });
  expect(res.status).toBe(201);
  return res.body.hold.id as string;
}
async function buy(user: TestUser, showtimeId: string, seats: string[]) {
  const holdId = await hold(user, showtimeId, seats);
  const res = await t.request.post(`/api/holds/${holdId}/purchase`).set(user.auth).set('Idempotency-Key', `k-${keys++}`).send({});
  expect(res.status).toBe(201);
  return res.body.booking.id as string;
}
async function join(user: TestUser, showtimeId: string) {
  const res = await t.request.post(`/api/showtimes/${showtimeId}/waitlist`).set(user.auth).send({ partySize: 1 });
  expect(res.status).toBe(201);
  return res.body.entry.id as string;
}
const rowOf = async (admin: TestUser, showtimeId: string) =>
  (await t.request.get('/api/admin/reports').set(admin.auth)).body.showtimes.find(
    (row: { showtimeId: string }) => row.showtimeId === showtimeId,
  );

it('when a showtime with bookings, holds and a waitlist is cancelled, then everyone affected is told and everything ends', async () => {
  const admin = await createAdmin(t.context, t.request);
  const [buyer, canceller, holder, offered, waiting, bystander] = (await Promise.all(
    ['Buyer', 'Canceller', 'Holder', 'Offered', 'Waiting', 'Bystander'].map((name) => registerUser(t.request, name)),
  )) as TestUser[] as [TestUser, TestUser, TestUser, TestUser, TestUser, TestUser];
  const showtime = await createShowtime(t.context, { rows: 1, seatsPerRow: 5, priceCents: 900 });
  const other = await createShowtime(t.context, { rows: 1, seatsPerRow: 5 });

  const booking = await buy(buyer, showtime.id, ['A1', 'A2']);
  const cancelledByBuyer = await buy(canceller, showtime.id, ['A3']);
  const holdId = await hold(holder, showtime.id, ['A4', 'A5']);
  const offeredEntry = await join(offered, showtime.id);
  const waitingEntry = await join(waiting, showtime.id);
  // The buyer's own cancel frees A3: the first in line is offered it, as a hold of their own.
  expect((await t.request.post(`/api/bookings/${cancelledByBuyer}/cancel`).set(canceller.auth).send({})).status).toBe(200);
  const offer = (await t.request.get(`/api/waitlist/${offeredEntry}`).set(offered.auth)).body.entry;
  expect(offer).toMatchObject({ status: 'offered', offer: { seats: ['A3'] } });
  const bystanderHold = await hold(bystander, other.id, ['A1']);
  expect(await rowOf(admin, showtime.id)).toMatchObject({ sold: 2, held: 3, free: 0, revenueCents: 1800 });

  const sockets = new Map<TestUser, TestSocket>();
  for (const user of [buyer, canceller, holder, offered, waiting, bystander]) sockets.set(user, await t.open(user.token));
  const auditBefore = (await t.request.get(`/api/admin/showtimes/${showtime.id}/audit`).set(admin.auth)).body.events.length;

  const res = await t.request.post(`/api/admin/showtimes/${showtime.id}/cancel`).set(admin.auth).send({ reason: 'Projector broken' });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    showtime: { id: showtime.id, status: 'cancelled', cancelReason: 'Projector broken' },
    alreadyCancelled: false,
    ended: { bookings: 1, holds: 2, waitlistEntries: 2, usersNotified: 4 },
  });

  const event = (fields: object) => ({
    showtimeId: showtime.id,
    reason: 'Projector broken',
    bookingIds: [],
    holdIds: [],
    waitlistEntryIds: [],
    ...fields,
  });
  await expect(sockets.get(buyer)!.waitFor('showtime:cancelled')).resolves.toEqual(event({ bookingIds: [booking] }));
  await expect(sockets.get(holder)!.waitFor('showtime:cancelled')).resolves.toEqual(event({ holdIds: [holdId] }));
  await expect(sockets.get(offered)!.waitFor('showtime:cancelled')).resolves.toEqual(
    event({ holdIds: [offer.offer.holdId], waitlistEntryIds: [offeredEntry] }),
  );
  await expect(sockets.get(waiting)!.waitFor('showtime:cancelled')).resolves.toEqual(event({ waitlistEntryIds: [waitingEntry] }));
  // Sent in the same moment as the others: nobody else got one.
  expect(sockets.get(canceller)!.of('showtime:cancelled')).toEqual([]);
  expect(sockets.get(bystander)!.of('showtime:cancelled')).toEqual([]);

  // The buyer's booking shows the theater's reason; the buyer's own earlier cancel has none.
  expect((await t.request.get(`/api/bookings/${booking}`).set(buyer.auth)).body.booking).toMatchObject({
    status: 'cancelled',
    cancelReason: 'Projector broken',
  });
  expect((await t.request.get(`/api/bookings/${cancelledByBuyer}`).set(canceller.auth)).body.booking).toMatchObject({
    status: 'cancelled',
    cancelReason: null,
  });
  expect((await t.request.get(`/api/holds/${holdId}`).set(holder.auth)).body.hold.status).toBe('released');
  expect((await t.request.get(`/api/holds/${offer.offer.holdId}`).set(offered.auth)).body.hold.status).toBe('released');
  expect((await t.request.get(`/api/waitlist/${offeredEntry}`).set(offered.auth)).body.entry.status).toBe('cancelled');
  expect((await t.request.get(`/api/waitlist/${waitingEntry}`).set(waiting.auth)).body.entry.status).toBe('cancelled');
  expect((await t.request.get(`/api/holds/${bystanderHold}`).set(bystander.auth)).body.hold.status).toBe('active');
  const seats = (await t.request.get(`/api/showtimes/${showtime.id}/seats`)).body.seats;
  expect(seats.map((seat: { status: string }) => seat.status)).toEqual(['available', 'available', 'available', 'available', 'available']);

  // Customers' lists leave it out; it can still be read, and listed on request.
  const listed = async (query: string) =>
    (await t.request.get(`/api/showtimes${query}`)).body.showtimes.map((s: { id: string }) => s.id) as string[];
  expect(await listed('')).toEqual([other.id]);
  expect(await listed('?status=cancelled')).toEqual([showtime.id]);
  expect((await listed('?status=all')).sort()).toEqual([showtime.id, other.id].sort());

  // Nothing new can start on it.
  const refusedHold = await t.request
    .post(`/api/showtimes/${showtime.id}/holds`)
    .set(bystander.auth)
    .send({ seats: ['A1'] });
  expect(refusedHold.status).toBe(409);
  expect(refusedHold.body.error.code).toBe('SHOWTIME_CANCELLED');
  const refusedJoin = await t.request.post(`/api/showtimes/${showtime.id}/waitlist`).set(bystander.auth).send({ partySize: 1 });
  expect([refusedJoin.status, refusedJoin.body.error.code]).toEqual([409, 'SHOWTIME_CANCELLED']);
  const refusedPurchase = await t.request.post(`/api/holds/${holdId}/purchase`).set(holder.auth).set('Idempotency-Key', 'late').send({});
  expect([refusedPurchase.status, refusedPurchase.body.error.code]).toEqual([409, 'SHOWTIME_CANCELLED']);

  // The report: the showtime is listed as cancelled with nothing sold, and it leaves the totals.
  expect(await rowOf(admin, showtime.id)).toMatchObject({ status: 'cancelled', sold: 0, held: 0, free: 5, revenueCents: 0 });
  const totals = (await t.request.get('/api/admin/reports').set(admin.auth)).body.totals;
  expect(totals).toEqual({ showtimes: 1, seats: 5, ticketsSold: 0, revenueCents: 0, occupancyPercent: 0 });

  // Audited: the cancel, the booking, both holds and the closed waitlist, each by the admin.
  const events = (await t.request.get(`/api/admin/showtimes/${showtime.id}/audit`).set(admin.auth)).body.events;
  const added = events.slice(auditBefore).map((e: { action: string; userId: string }) => [e.action, e.userId]);
  expect(added.sort()).toEqual(
    [
      ['booking.cancelled', admin.id],
      ['hold.released', admin.id],
      ['hold.released', admin.id],
      ['showtime.cancelled', admin.id],
      ['waitlist.closed', admin.id],
    ].sort(),
  );
  // The fairness log records the closing as leaves and still verifies.
  const log = (await t.request.get(`/api/showtimes/${showtime.id}/waitlist/log`)).body;
  expect(log.verified).toBe(true);
  expect(log.records.slice(-2).map((record: { type: string; data: string }) => [record.type, JSON.parse(record.data).reason])).toEqual([
    ['leave', 'showtime-cancelled'],
    ['leave', 'showtime-cancelled'],
  ]);

  // A second cancel changes nothing: same state, no events, no audit rows, the same seat version.
  const version = (await t.request.get(`/api/showtimes/${showtime.id}/seats`)).body.version;
  const again = await t.request.post(`/api/admin/showtimes/${showtime.id}/cancel`).set(admin.auth).send({});
  expect(again.status).toBe(200);
  expect(again.body).toMatchObject({
    showtime: { status: 'cancelled', cancelReason: 'Projector broken' },
    alreadyCancelled: true,
    ended: { bookings: 0, holds: 0, waitlistEntries: 0, usersNotified: 0 },
  });
  expect((await t.request.get(`/api/admin/showtimes/${showtime.id}/audit`).set(admin.auth)).body.events).toHaveLength(events.length);
  expect((await t.request.get(`/api/showtimes/${showtime.id}/seats`)).body.version).toBe(version);
  for (const socket of sockets.values()) expect(socket.of('showtime:cancelled').length).toBeLessThanOrEqual(1);
});

it('when a customer or nobody asks to cancel, then 403 and 401; an unknown showtime is 404', async () => {
  const customer = await registerUser(t.request);
  const admin = await createAdmin(t.context, t.request);
  const showtime = await createShowtime(t.context);
  expect((await t.request.post(`/api/admin/showtimes/${showtime.id}/cancel`).send({})).status).toBe(401);
  expect((await t.request.post(`/api/admin/showtimes/${showtime.id}/cancel`).set(customer.auth).send({})).status).toBe(403);
  expect((await t.request.post('/api/admin/showtimes/nope/cancel').set(admin.auth).send({})).status).toBe(404);
  expect((await t.request.get(`/api/showtimes/${showtime.id}`)).body.showtime).toMatchObject({ status: 'scheduled', cancelReason: null });
});

it('when the showtime is cancelled after a hold read it as on sale, then the turn of the hold, under the showtime lock, refuses it and writes nothing', async () => {
  const showtime = await createShowtime(t.context, { rows: 1, seatsPerRow: 5 });
  const customer = await registerUser(t.request, 'Late');
  // The catalog cache still says "scheduled" (read just now); the cancel lands in the database behind it,
  // as one that commits between the hold's first look and its turn would.
  expect((await t.request.get(`/api/showtimes/${showtime.id}`)).body.showtime.status).toBe('scheduled');
  await t.context.db.showtime.update({ where: { id: showtime.id }, data: { status: 'cancelled' } });
  expect((await t.context.services.catalog.getShowtime(showtime.id)).status).toBe('scheduled');

  const res = await t.request
    .post(`/api/showtimes/${showtime.id}/holds`)
    .set(customer.auth)
    .send({ seats: ['A1'] });
  expect([res.status, res.body.error.code]).toEqual([409, 'SHOWTIME_CANCELLED']);
  expect(await t.context.db.hold.count({ where: { showtimeId: showtime.id } })).toBe(0);
  expect(await t.context.db.seatClaim.count({ where: { showtimeId: showtime.id } })).toBe(0);
});
