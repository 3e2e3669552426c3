// Chaos: clients hold, buy, release and cancel at random while the real service (src/main.ts) is killed
// with SIGKILL at random moments and started again. A client whose answer was lost retries with the same
// Idempotency-Key until it gets a definite answer. At the end, through the API and the database: no seat
// sold twice, every sold seat in a confirmed booking, every booking acknowledged to its buyer, every
// acknowledged booking still there, nothing held past its deadline, each gateway key charged once and
// every charge either paying for a booking or refunded, and every lost answer settled soon after the restart.
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { Client, types } from 'pg';
import { sqliteFilePath } from '../../src/db/migrate';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { spawnService, type ServiceProcess } from '../support/spawn';

const CHAOS_MS = 30_000;
const CLIENTS = 12;
const MAX_OPS_PER_CLIENT = 3_000;
const MAX_KILLS = 6;
const SETTLE_LIMIT_MS = 5_000; // a lost answer must be settled this soon after the service is back
const GIVE_UP_MS = 60_000; // one purchase's retries, at most
const HOLD_TTL_SECONDS = 4;

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const env = () => ({
  DATABASE_URL: database.url,
  INSTANCE_ID: 'chaos-1', // the restarted process is a new boot of the same instance
  HOLD_TTL_SECONDS: String(HOLD_TTL_SECONDS),
  HOLD_SWEEP_INTERVAL_MS: '500',
  BCRYPT_COST: '4',
  JWT_SECRET: 'chaos-test-secret-long-enough',
  ADMIN_EMAIL: 'admin@chaos.test',
  ADMIN_PASSWORD: 'admin-password',
  RATE_LIMIT_ENABLED: 'false',
  // A slow payment provider: kills also land after the money moved and before the booking committed.
  FAKE_PAYMENT_DELAY_MS: '150',
});

type Reply = { status: number; body: any; replayed: boolean };
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)] as T;
const takeAny = <T>(items: T[]) => items.splice(Math.floor(Math.random() * items.length), 1)[0] as T;

/** A database reader for the assertions: better-sqlite3 read-only on SQLite, pg on Postgres. */
async function openReader(url: string) {
  if (url.startsWith('file:')) {
    const db = new Database(sqliteFilePath(url), { readonly: true });
    return { all: async (text: string) => db.prepare(text).all() as any[], close: async () => db.close() };
  }
  // Prisma writes UTC into timestamp(3) without time zone: read it back as UTC, whatever the machine's zone.
  const client = new Client({
    connectionString: url,
    types: {
      getTypeParser: ((oid: number, format?: any) =>
        oid === 1114 ? (text: string) => `${text}Z` : types.getTypeParser(oid, format)) as any,
    },
  });
  await client.connect();
  return { all: async (text: string) => (await client.query(text)).rows, close: () => client.end() };
}
const toMs = (value: unknown) => (typeof value === 'number' ? value : new Date(value as string).getTime());

it('when the service is killed again and again under load, then every purchase is settled once and the seats add up', async () => {
  let service: ServiceProcess = await spawnService(env());
  const readyAt: number[] = [Date.now()];
  const send = async (
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply | undefined> => {
    try {
      const res = await fetch(`${service.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, replayed: res.headers.get('idempotent-replayed') === 'true' };
    } catch {
      return undefined; // the process died under the request (or was down): the answer is lost
    }
  };

  try {
    const admin = (await send('POST', '/api/auth/login', undefined, { email: 'admin@chaos.test', password: 'admin-password' }))!.body.token;
    const movie = (await send('POST', '/api/movies', admin, { title: 'Chaos', durationMinutes: 90, rating: 'PG' }))!.body.movie;
    const showtimes: { id: string }[] = [];
    for (const name of ['Chaos A', 'Chaos B']) {
      const room = (await send('POST', '/api/auditoriums', admin, {
        name,
        sections: [{ name: 'S', priceCents: 700 }],
        rows: ['A', 'B', 'C'].map((label) => ({ label, seats: 10, section: 'S' })),
      }))!.body.auditorium;
      const startsAt = new Date(Date.now() + 86_400_000).toISOString();
      showtimes.push((await send('POST', '/api/showtimes', admin, { movieId: movie.id, auditoriumId: room.id, startsAt }))!.body.showtime);
    }
    const seatLabels = ['A', 'B', 'C'].flatMap((row) => Array.from({ length: 10 }, (_, i) => `${row}${i + 1}`));
    const users: { id: string; token: string }[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const res = (await send('POST', '/api/auth/register', undefined, {
        email: `c${i}@chaos.test`,
        password: 'password-1',
        name: `C${i}`,
      }))!;
      users.push({ id: res.body.user.id, token: res.body.token });
    }

    const chaosEnd = Date.now() + CHAOS_MS;
    const counts = {
      ops: 0,
      purchases: 0,
      lostAnswers: 0,
      lostPurchases: 0,
      inProgressAnswers: 0,
      holdNotActive: 0,
      unsettled: 0,
      kills: 0,
    };
    const settleMs: number[] = [];
    const acknowledged = new Map<string, string>(); // booking id -> buyer
    const cancelRequested = new Set<string>();
    const answers: Record<string, number> = {};
    const lostPurchaseAnswers: Record<string, number> = {};
    const lostPurchases: { gatewayKey: string; lostAt: number; bookingId?: string }[] = [];

    /** Retries a request until a definite answer (not lost, not 5xx, not in progress); undefined if it gives up. */
    async function settle(method: string, path: string, token: string, body?: unknown, headers?: Record<string, string>) {
      const started = Date.now();
      let lostAt: number | undefined;
      while (Date.now() - started < GIVE_UP_MS) {
        const reply = await send(method, path, token, body, headers);
        const definite = reply && reply.status < 500 && reply.body?.error?.code !== 'IDEMPOTENCY_IN_PROGRESS';
        if (definite) {
          if (lostAt !== undefined) {
            const backAt = readyAt.find((at) => at >= lostAt!) ?? lostAt;
            settleMs.push(Date.now() - Math.max(backAt, lostAt));
          }
          return { reply, lost: lostAt !== undefined };
        }
        if (reply?.body?.error?.code === 'IDEMPOTENCY_IN_PROGRESS') counts.inProgressAnswers++;
        if (lostAt === undefined) {
          lostAt = Date.now();
          counts.lostAnswers++;
        }
        await sleep(100);
      }
      counts.unsettled++;
      return { reply: undefined, lost: true };
    }

    async function client(user: { id: string; token: string }) {
      const holds: { id: string }[] = [];
      const bookings: string[] = [];
      for (let op = 0; op < MAX_OPS_PER_CLIENT && Date.now() < chaosEnd; op++) {
        counts.ops++;
        const roll = Math.random();
        if (roll < 0.5 && holds.length < 2) {
          const seats = [...new Set([pick(seatLabels), pick(seatLabels)])].slice(0, 1 + Math.floor(Math.random() * 2));
          const reply = await send('POST', `/api/showtimes/${pick(showtimes).id}/holds`, user.token, { seats });
          if (reply?.status === 201) holds.push(reply.body.hold); // a lost hold answer: the hold just expires
        } else if (roll >= 0.5 && roll < 0.8 && holds.length > 0) {
          const hold = takeAny(holds);
          const paymentToken = Math.random() < 0.1 ? 'fail_card_declined' : 'tok_chaos';
          counts.purchases++;
          const key = randomUUID();
          const sentAt = Date.now();
          const { reply, lost } = await settle(
            'POST',
            `/api/holds/${hold.id}/purchase`,
            user.token,
            { paymentToken },
            { 'idempotency-key': key },
          );
          const code = reply ? (reply.body?.error?.code ?? String(reply.status)) : 'unsettled';
          answers[code] = (answers[code] ?? 0) + 1;
          if (code === 'HOLD_NOT_ACTIVE') counts.holdNotActive++;
          if (lost) {
            counts.lostPurchases++;
            const how = `${code}${reply?.replayed ? ' replayed' : ''}`; // replayed: its booking had committed before the kill
            lostPurchaseAnswers[how] = (lostPurchaseAnswers[how] ?? 0) + 1;
            const killedAt = readyAt.find((at) => at >= sentAt) ?? Date.now(); // the restart after the loss
            lostPurchases.push({ gatewayKey: `${user.id}:${key}`, lostAt: killedAt, bookingId: reply?.body?.booking?.id });
          }
          if (reply?.status === 201) {
            acknowledged.set(reply.body.booking.id, user.id);
            bookings.push(reply.body.booking.id);
          }
        } else if (roll >= 0.8 && roll < 0.87 && holds.length > 0) {
          const hold = takeAny(holds);
          await send('DELETE', `/api/holds/${hold.id}`, user.token);
        } else if (roll >= 0.87 && roll < 0.92 && bookings.length > 0) {
          const bookingId = takeAny(bookings);
          cancelRequested.add(bookingId);
          await settle('POST', `/api/bookings/${bookingId}/cancel`, user.token);
        } else {
          await sleep(50 + Math.random() * 150); // let some holds run out
        }
        await sleep(2 + Math.random() * 10);
      }
    }

    async function killer() {
      while (counts.kills < MAX_KILLS) {
        await sleep(2_000 + Math.random() * 3_000);
        if (Date.now() > chaosEnd - 2_000) return;
        service.child.kill('SIGKILL');
        await service.exited;
        counts.kills++;
        service = await spawnService(env());
        readyAt.push(Date.now());
      }
    }

    await Promise.all([killer(), ...users.map(client)]);

    // Holds left (some of them unknown to their clients, whose answer was lost) must all run out.
    const reader = await openReader(database.url);
    try {
      const deadlineOf = async () =>
        Math.max(0, ...(await reader.all(`SELECT "expiresAt" FROM "Hold" WHERE "status" = 'active'`)).map((row) => toMs(row.expiresAt)));
      await sleep(Math.max(0, (await deadlineOf()) - Date.now() + 1_000));
      for (let i = 0; i < 50 && (await reader.all(`SELECT "id" FROM "Hold" WHERE "status" = 'active'`)).length > 0; i++) await sleep(200);

      const violations: string[] = [];
      const bookings = await reader.all(`SELECT "id", "userId", "showtimeId", "seats", "status", "chargeId", "totalCents" FROM "Booking"`);
      const claims = await reader.all(`SELECT "showtimeId", "seatLabel", "holdId", "bookingId" FROM "SeatClaim"`);
      const activeHolds = await reader.all(`SELECT "id", "expiresAt" FROM "Hold" WHERE "status" = 'active'`);
      const charges = await reader.all(
        `SELECT "idempotencyKey", "chargeId", "amountCents", "attempts", "refundedAt", "createdAt" FROM "FakePaymentCharge"`,
      );
      const openRecords = await reader.all(`SELECT "key" FROM "IdempotencyRecord" WHERE "state" <> 'done'`);

      const confirmed = bookings.filter((b) => b.status === 'confirmed');
      const soldBy = new Map<string, string>();
      for (const booking of confirmed) {
        for (const seat of JSON.parse(booking.seats) as string[]) {
          const place = `${booking.showtimeId}:${seat}`;
          if (soldBy.has(place)) violations.push(`seat ${place} in bookings ${soldBy.get(place)} and ${booking.id}`);
          soldBy.set(place, booking.id);
        }
      }
      const claimOf = new Map(claims.map((c) => [`${c.showtimeId}:${c.seatLabel}`, c]));
      for (const claim of claims) {
        const place = `${claim.showtimeId}:${claim.seatLabel}`;
        if (claim.bookingId && soldBy.get(place) !== claim.bookingId)
          violations.push(`sold seat ${place} is not in confirmed booking ${claim.bookingId}`);
        if (!claim.bookingId) violations.push(`seat ${place} still held by ${claim.holdId} after every deadline`);
      }
      for (const [place, bookingId] of soldBy) {
        if (claimOf.get(place)?.bookingId !== bookingId) violations.push(`seat ${place} of confirmed booking ${bookingId} is not sold`);
      }
      for (const hold of activeHolds)
        violations.push(`hold ${hold.id} active past its deadline ${new Date(toMs(hold.expiresAt)).toISOString()}`);
      const byId = new Map(bookings.map((b) => [b.id, b]));
      for (const booking of bookings)
        if (!acknowledged.has(booking.id)) violations.push(`booking ${booking.id} was never acknowledged to its buyer`);
      for (const [bookingId] of acknowledged) {
        const booking = byId.get(bookingId);
        if (!booking) violations.push(`acknowledged booking ${bookingId} is gone`);
        else if (booking.status !== 'confirmed' && !cancelRequested.has(bookingId))
          violations.push(`acknowledged booking ${bookingId} is ${booking.status}`);
      }
      // Money: every booking paid by exactly one charge of its amount, every other charge refunded.
      const keys = new Set(charges.map((c) => c.idempotencyKey));
      if (keys.size !== charges.length) violations.push('a gateway key was charged twice');
      const bookingOfCharge = new Map(bookings.map((b) => [b.chargeId, b]));
      for (const charge of charges) {
        const booking = bookingOfCharge.get(charge.chargeId);
        if (booking && charge.refundedAt !== null) violations.push(`charge ${charge.chargeId} of booking ${booking.id} was refunded`);
        if (booking && charge.amountCents !== booking.totalCents)
          violations.push(`charge ${charge.chargeId} is not the amount of booking ${booking.id}`);
        if (!booking && charge.refundedAt === null) violations.push(`charge ${charge.chargeId} bought nothing and was not refunded`);
      }
      for (const booking of bookings)
        if (!charges.some((c) => c.chargeId === booking.chargeId)) violations.push(`booking ${booking.id} was never paid`);
      for (const record of openRecords) violations.push(`idempotency record ${record.key} was left in progress`);
      if (counts.holdNotActive > 0) violations.push(`${counts.holdNotActive} purchases answered HOLD_NOT_ACTIVE`);
      if (counts.unsettled > 0) violations.push(`${counts.unsettled} requests never got a definite answer`);
      const slow = settleMs.filter((ms) => ms > SETTLE_LIMIT_MS);
      if (slow.length > 0)
        violations.push(`${slow.length} lost answers took more than ${SETTLE_LIMIT_MS} ms to settle: ${slow.join(', ')}`);

      // The same story through the API: each user's bookings, and seat maps with nothing held.
      for (const user of users) {
        const listed: { id: string; status: string }[] = [];
        for (let offset = 0; offset <= 10_000; offset += 200) {
          const page = (await send('GET', `/api/bookings?limit=200&offset=${offset}`, user.token))!.body.bookings;
          listed.push(...page);
          if (page.length < 200) break;
        }
        const stored = bookings.filter((b) => b.userId === user.id);
        const ids = (items: { id: string; status: string }[]) =>
          items
            .map((b) => `${b.id}:${b.status}`)
            .sort()
            .join();
        if (ids(listed) !== ids(stored)) violations.push(`GET /api/bookings of ${user.id} disagrees with the database`);
      }
      for (const showtime of showtimes) {
        const seats = (await send('GET', `/api/showtimes/${showtime.id}/seats`))!.body.seats as { label: string; status: string }[];
        for (const seat of seats) {
          const expected = soldBy.has(`${showtime.id}:${seat.label}`) ? 'sold' : 'available';
          if (seat.status !== expected)
            violations.push(`seat map of ${showtime.id} shows ${seat.label} ${seat.status}, expected ${expected}`);
        }
      }

      // Where the lost purchases were when their process died: charged there? booked there?
      const chargedAt = new Map(charges.map((c) => [c.idempotencyKey, toMs(c.createdAt)]));
      const bookedAt = new Map((await reader.all(`SELECT "id", "createdAt" FROM "Booking"`)).map((b) => [b.id, toMs(b.createdAt)]));
      const stages = { beforeCharge: 0, chargedNotBooked: 0, booked: 0 };
      for (const lost of lostPurchases) {
        if (lost.bookingId && (bookedAt.get(lost.bookingId) ?? Infinity) < lost.lostAt) stages.booked++;
        else if ((chargedAt.get(lost.gatewayKey) ?? Infinity) < lost.lostAt) stages.chargedNotBooked++;
        else stages.beforeCharge++;
      }
      const kind = database.url.startsWith('file:') ? 'sqlite' : 'postgres';
      console.log(
        `chaos ${kind}: ops=${counts.ops} purchases=${counts.purchases} kills=${counts.kills} lostAnswers=${counts.lostAnswers} lostPurchases=${counts.lostPurchases} ${JSON.stringify(lostPurchaseAnswers)} diedAt=${JSON.stringify(stages)} ` +
          `inProgressAnswers=${counts.inProgressAnswers} maxSettleSeconds=${(Math.max(0, ...settleMs) / 1000).toFixed(2)} ` +
          `bookings=${bookings.length} confirmed=${confirmed.length} charges=${charges.length} ` +
          `resumedCharges=${charges.filter((c) => c.attempts > 1).length} answers=${JSON.stringify(answers)} violations=${violations.length}`,
      );
      expect(violations).toEqual([]);
      expect(counts.kills).toBeGreaterThanOrEqual(3);
    } finally {
      await reader.close();
    }
  } finally {
    service.child.kill('SIGKILL');
    await service.exited;
  }
}, 150_000);
