// Two instances sharing Redis: a broadcast made on one instance reaches sockets connected to the other.
// Each instance has its own database here; the events are put on instance A's bus as its writes would.
import { startTestServer } from '../support/app';
import { createShowtime, registerUser } from '../support/factories';
import { connect, type TestSocket } from './socket-client';

const redisUrl = 'redis://127.0.0.1:6379';
let a: Awaited<ReturnType<typeof startTestServer>>;
let b: Awaited<ReturnType<typeof startTestServer>>;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  a = await startTestServer({ REDIS_URL: redisUrl, REALTIME_COALESCE_MS: '0' });
  b = await startTestServer({ REDIS_URL: redisUrl, REALTIME_COALESCE_MS: '0' });
});
afterEach(() => sockets.splice(0).forEach((client) => client.close()));
afterAll(async () => {
  await a.close();
  await b.close();
});

it('when instance A broadcasts a seat change, then a viewer connected to instance B receives it', async () => {
  const showtime = await createShowtime(b.context);
  const viewer = await connect(b.url);
  sockets.push(viewer);
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
  const [ownerSocket, otherSocket] = [await connect(b.url, owner.token), await connect(b.url, other.token)];
  sockets.push(ownerSocket, otherSocket);
  a.context.events.emit('hold.expired', { holdId: 'hold-9', userId: owner.id, showtimeId: 's' });
  a.context.events.emit('hold.expired', { holdId: 'hold-fence', userId: other.id, showtimeId: 's' });
  await expect(ownerSocket.waitFor('hold:expired')).resolves.toEqual({ holdId: 'hold-9' });
  await otherSocket.waitFor('hold:expired');
  expect(otherSocket.of('hold:expired')).toEqual([{ holdId: 'hold-fence' }]);
  expect(ownerSocket.of('hold:expired')).toEqual([{ holdId: 'hold-9' }]);
});
