// A purchase racing the expiry engine at the deadline must end as exactly one of: booking confirmed,
// or 410 with the seats released. Repeated 50 times with purchases spread around the deadline.
import { startTestServer } from '../support/app';
import { createShowtime, registerUsers, type TestUser } from '../support/factories';
import { call } from '../support/http';

const TTL_SECONDS = 0.4;
let server: Awaited<ReturnType<typeof startTestServer>>;
let users: TestUser[];
beforeAll(async () => {
  server = await startTestServer({ HOLD_TTL_SECONDS: String(TTL_SECONDS), HOLD_SWEEP_INTERVAL_MS: '100', HOLD_EXPIRING_WARNING_SECONDS: '0' });
  users = await registerUsers(server.request, 10);
});
afterAll(() => server.close());

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

it('when purchases race the expiry at the deadline 50 times, then every hold ends purchased xor released', async () => {
  const showtime = await createShowtime(server.context, { rows: 5, seatsPerRow: 10 });
  const labels = Array.from({ length: 50 }, (_, i) => `${String.fromCharCode(65 + Math.floor(i / 10))}${(i % 10) + 1}`);
  const outcomes: Array<{ holdId: string; seat: string; status: number }> = [];
  for (let batch = 0; batch < 5; batch++) {
    await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const n = batch * 10 + i;
        const user = users[i] as TestUser;
        const seat = labels[n] as string;
        const hold = (await call(server.url, 'POST', `/api/showtimes/${showtime.id}/holds`, { token: user.token, body: { seats: [seat] } })).body.hold;
        // Aim the purchase from 80 ms before to 10 ms after the deadline.
        await delay(new Date(hold.expiresAt).getTime() - Date.now() + (n % 10) * 10 - 80);
        const reply = await call(server.url, 'POST', `/api/holds/${hold.id}/purchase`, {
          token: user.token, body: {}, headers: { 'idempotency-key': `race-${n}` },
        });
        outcomes.push({ holdId: hold.id, seat, status: reply.status });
      }),
    );
  }
  // Let the engine finish every deadline (bounded wait on a condition, not a fixed sleep).
  const db = server.context.db;
  for (let i = 0; i < 100 && (await db.hold.count({ where: { showtimeId: showtime.id, status: 'active' } })) > 0; i++) await delay(50);

  expect(outcomes).toHaveLength(50);
  for (const { holdId, seat, status } of outcomes) {
    expect([201, 410]).toContain(status);
    const hold = await db.hold.findUniqueOrThrow({ where: { id: holdId } });
    const booking = await db.booking.findUnique({ where: { holdId } });
    const claim = await db.seatClaim.findUnique({ where: { showtimeId_seatLabel: { showtimeId: showtime.id, seatLabel: seat } } });
    if (status === 201) {
      expect(hold.status).toBe('purchased');
      expect(booking?.status).toBe('confirmed');
      expect(claim?.bookingId).toBe(booking?.id);
    } else {
      expect(hold.status).toBe('expired');
      expect(booking).toBeNull();
      expect(claim).toBeNull();
    }
  }
  const sold = outcomes.filter((o) => o.status === 201).length;
  expect(await db.booking.count({ where: { showtimeId: showtime.id } })).toBe(sold);
  expect(await db.seatClaim.count({ where: { showtimeId: showtime.id } })).toBe(sold);
});
