// Two instances sharing Redis: a broadcast made on one instance reaches sockets connected to the other.
// Each instance has its own database here; the events are put on instance A's bus as its writes would.
import { createShowtime, registerUser } from '../support/factories';
import { useRealtimeServer } from './support';

const redisUrl = 'redis://127.0.0.1:6379';
const a = useRealtimeServer({ REDIS_URL: redisUrl, REALTIME_COALESCE_MS: '0' });
const b = useRealtimeServer({ REDIS_URL: redisUrl, REALTIME_COALESCE_MS: '0' });

it('when instance A broadcasts a seat change, then a viewer connected to instance B receives it', async () => {
  const showtime = await createShowtime(b.context);
  const viewer = await b.open();
  await viewer.join(showtime.id);
  // The room now exists on B; Redis subscriptions are set up at start, so A's broadcast is published to it.
  a.context.events.emit('seats.changed', { showtimeId: showtime.id, version: 1, changes: [{ label: 'A1', status: 'held' }] });
  await expect(viewer.waitFor('seats:changed')).resolves.toEqual({
    showtimeId: showtime.id,
    fromVersion: 0,
    version: 1,
    changes: [{ label: 'A1', status: 'held' }],
  });
  expect(viewer.of('seats:changed')).toHaveLength(1);
});

it('when instance A has a personal event for a user connected to B, then only that user gets it', async () => {
  const [owner, other] = [await registerUser(b.request), await registerUser(b.request)];
  const [ownerSocket, otherSocket] = [await b.open(owner.token), await b.open(other.token)];
  a.context.events.emit('hold.expired', { holdId: 'hold-9', userId: owner.id, showtimeId: 's' });
  a.context.events.emit('hold.expired', { holdId: 'hold-fence', userId: other.id, showtimeId: 's' });
  await expect(ownerSocket.waitFor('hold:expired')).resolves.toEqual({ holdId: 'hold-9' });
  await otherSocket.waitFor('hold:expired');
  expect(otherSocket.of('hold:expired')).toEqual([{ holdId: 'hold-fence' }]);
  expect(ownerSocket.of('hold:expired')).toEqual([{ holdId: 'hold-9' }]);
});
