// Hold deadlines over the socket, with short TTLs from config instead of waiting minutes: the warning
// comes HOLD_EXPIRING_WARNING_SECONDS before the deadline, then the hold expires and its seats free up.
import { createShowtime, registerUser } from '../support/factories';
import { useRealtimeServer } from './support';

const t = useRealtimeServer({ HOLD_TTL_SECONDS: '1.5', HOLD_EXPIRING_WARNING_SECONDS: '1', HOLD_SWEEP_INTERVAL_MS: '200' });
const { open } = t;

it('when a hold expires, then viewers of the showtime see its seats become available again', async () => {
  const showtime = await createShowtime(t.context);
  const owner = await registerUser(t.request);
  const viewer = await open();
  await viewer.join(showtime.id);

  const hold = await t.request
    .post(`/api/showtimes/${showtime.id}/holds`)
    .set(owner.auth)
    .send({ seats: ['A7', 'A8'] });
  expect(hold.status).toBe(201);
  const freed = await viewer.waitFor('seats:changed', (m) => m.changes.some((c: any) => c.status === 'available'));
  expect(freed.changes).toEqual([
    { label: 'A7', status: 'available' },
    { label: 'A8', status: 'available' },
  ]);
  const truth = await t.request.get(`/api/showtimes/${showtime.id}/seats`);
  expect(freed.version).toBe(truth.body.version);
  expect((await t.request.get(`/api/holds/${hold.body.hold.id}`).set(owner.auth)).body.hold.status).toBe('expired');
});

it('when a hold nears and reaches its deadline, then both sockets of its owner are told and another user is not', async () => {
  const showtime = await createShowtime(t.context);
  const [owner, other] = [await registerUser(t.request), await registerUser(t.request)];
  const [tabOne, tabTwo, stranger, anonymous] = [await open(owner.token), await open(owner.token), await open(other.token), await open()];

  const hold = await t.request
    .post(`/api/showtimes/${showtime.id}/holds`)
    .set(owner.auth)
    .send({ seats: ['B1'] });
  expect(hold.status).toBe(201);
  // The stranger's own hold is made later, so its notices arrive after any the owner's could leak.
  const fence = await t.request
    .post(`/api/showtimes/${showtime.id}/holds`)
    .set(other.auth)
    .send({ seats: ['B9'] });
  expect(fence.status).toBe(201);
  const { id: holdId, expiresAt } = hold.body.hold;

  for (const tab of [tabOne, tabTwo]) {
    await expect(tab.waitFor('hold:expiring')).resolves.toEqual({ holdId, expiresAt });
    await expect(tab.waitFor('hold:expired')).resolves.toEqual({ holdId });
  }
  await stranger.waitFor('hold:expired');
  expect(stranger.of('hold:expiring')).toEqual([{ holdId: fence.body.hold.id, expiresAt: fence.body.hold.expiresAt }]);
  expect(stranger.of('hold:expired')).toEqual([{ holdId: fence.body.hold.id }]);
  expect(tabOne.of('hold:expired')).toEqual([{ holdId }]);
  expect(tabTwo.of('hold:expiring')).toHaveLength(1);
  expect(anonymous.received.filter((message) => message.event !== 'server:hello')).toEqual([]);
});
