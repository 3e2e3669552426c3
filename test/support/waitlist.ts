// What the waitlist API tests share: an app on a fresh database whose time is a TestClock (holds last
// 600 s, offers 120 s unless overridden), and the steps those tests take through the HTTP API. Steps
// that must succeed for the scenario to make sense assert their status.
import { createTestApp, type TestApp } from './app';
import { TestClock } from './clock';
import type { TestUser } from './factories';

/** Call at the top of a test file; the returned object reaches the app once beforeAll has run. */
export function useWaitlistApp(overrides: Record<string, string> = {}) {
  const clock = new TestClock();
  let app: TestApp | undefined;
  const started = () => {
    if (!app) throw new Error('the test app is created in beforeAll; use it inside a test or hook');
    return app;
  };
  beforeAll(async () => {
    app = await createTestApp({ HOLD_TTL_SECONDS: '600', WAITLIST_OFFER_TTL_SECONDS: '120', ...overrides }, { clock });
  });
  afterAll(() => app?.close());

  const request = () => started().request;
  let keys = 0;

  async function hold(user: TestUser, showtimeId: string, seats: string[]) {
    const res = await request().post(`/api/showtimes/${showtimeId}/holds`).set(user.auth).send({ seats });
    expect(res.status).toBe(201);
    return res.body.hold.id as string;
  }
  /** Buys a hold (accepting an offer is buying its hold); returns the booking id. */
  async function buy(user: TestUser, holdId: string) {
    const res = await request().post(`/api/holds/${holdId}/purchase`).set(user.auth).set('Idempotency-Key', `k-${keys++}`).send({});
    expect(res.status).toBe(201);
    return res.body.booking.id as string;
  }
  async function release(user: TestUser, holdId: string) {
    const res = await request().delete(`/api/holds/${holdId}`).set(user.auth);
    expect(res.status).toBe(204);
    return res;
  }
  async function cancel(user: TestUser, bookingId: string) {
    const res = await request().post(`/api/bookings/${bookingId}/cancel`).set(user.auth);
    expect(res.status).toBe(200);
    return res;
  }
  const join = (user: TestUser, showtimeId: string, body: object) =>
    request().post(`/api/showtimes/${showtimeId}/waitlist`).set(user.auth).send(body);
  /** Joins one by one for a party of 1, so the order is known; returns the entry ids in join order. */
  async function joinInOrder(users: TestUser[], showtimeId: string) {
    const ids: string[] = [];
    for (const user of users) {
      const res = await join(user, showtimeId, { partySize: 1 });
      expect(res.status).toBe(201);
      ids.push(res.body.entry.id);
    }
    return ids;
  }
  const entryOf = async (user: TestUser, entryId: string) => (await request().get(`/api/waitlist/${entryId}`).set(user.auth)).body.entry;
  const logOf = async (showtimeId: string) => (await request().get(`/api/showtimes/${showtimeId}/waitlist/log`)).body;

  return {
    clock,
    get request() {
      return started().request;
    },
    get context() {
      return started().context;
    },
    get config() {
      return started().config;
    },
    hold,
    buy,
    release,
    cancel,
    join,
    joinInOrder,
    entryOf,
    logOf,
  };
}
