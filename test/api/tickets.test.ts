// Tickets: one per seat of a confirmed booking, in every booking view, with an unguessable code whose
// QR (an SVG rendered on the server) is served to the booking's owner alone and scans back to the code.
import jsQR from 'jsqr';
import sharp from 'sharp';
import { createTestApp, type TestApp } from '../support/app';
import { createShowtime, registerUser, type TestUser } from '../support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Ticket = { id: string; seat: string; code: string };

async function buy(user: TestUser, seats: string[]) {
  const showtime = await createShowtime(t.context, { rows: 8, seatsPerRow: 10 });
  const hold = await t.request.post(`/api/showtimes/${showtime.id}/holds`).set(user.auth).send({ seats });
  expect(hold.status).toBe(201);
  const res = await t.request
    .post(`/api/holds/${hold.body.hold.id}/purchase`)
    .set(user.auth)
    .set('Idempotency-Key', `buy-${hold.body.hold.id}`)
    .send({ paymentToken: 'tok_visa' });
  expect(res.status).toBe(201);
  return { showtime, booking: res.body.booking as { id: string; seats: string[]; tickets: Ticket[] } };
}

/** Draws the SVG at 400x400 and reads the QR in it the way a phone camera would (jsQR). */
async function decodeQr(svg: string): Promise<string | undefined> {
  const { data, info } = await sharp(Buffer.from(svg)).resize(400, 400).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data;
}

const svgOf = (user: TestUser, bookingId: string, ticketId: string) =>
  t.request
    .get(`/api/bookings/${bookingId}/tickets/${ticketId}.svg`)
    .set(user.auth)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
    });

describe('tickets of a booking', () => {
  it('when a hold of three seats is bought, then the booking has one ticket per seat, in seat order, in every view', async () => {
    const user = await registerUser(t.request);
    const { booking } = await buy(user, ['C3', 'C4', 'C5']);
    expect(booking.tickets.map((ticket) => ticket.seat)).toEqual(['C3', 'C4', 'C5']);
    expect(new Set(booking.tickets.map((ticket) => ticket.id)).size).toBe(3);

    const one = await t.request.get(`/api/bookings/${booking.id}`).set(user.auth);
    expect(one.body.booking.tickets).toEqual(booking.tickets);
    const list = await t.request.get('/api/bookings').set(user.auth);
    expect(list.body.bookings).toHaveLength(1);
    expect(list.body.bookings[0].tickets).toEqual(booking.tickets);
    expect(await t.context.db.ticket.count({ where: { bookingId: booking.id } })).toBe(3);
  });

  it('when the purchase is replayed with the same key, then the same tickets come back and no new ones are made', async () => {
    const user = await registerUser(t.request);
    const showtime = await createShowtime(t.context);
    const hold = (
      await t.request
        .post(`/api/showtimes/${showtime.id}/holds`)
        .set(user.auth)
        .send({ seats: ['A1', 'A2'] })
    ).body.hold;
    const buyOnce = () =>
      t.request.post(`/api/holds/${hold.id}/purchase`).set(user.auth).set('Idempotency-Key', 'same').send({ paymentToken: 'tok_visa' });
    const first = await buyOnce();
    const second = await buyOnce();
    expect(second.body.booking.tickets).toEqual(first.body.booking.tickets);
    expect(first.body.booking.tickets).toHaveLength(2);
    expect(await t.context.db.ticket.count({ where: { bookingId: first.body.booking.id } })).toBe(2);
  });

  it('when many tickets are issued, then every code is 128 random bits: 32 hex capitals, all different, no shared pattern', async () => {
    const user = await registerUser(t.request);
    const codes: string[] = [];
    for (const row of ['A', 'B', 'C', 'D']) {
      const { booking } = await buy(
        user,
        Array.from({ length: 10 }, (_, i) => `${row}${i + 1}`),
      );
      codes.push(...booking.tickets.map((ticket) => ticket.code));
    }
    expect(codes).toHaveLength(40);
    for (const code of codes) expect(code).toMatch(/^[0-9A-F]{32}$/); // 32 hex digits = 16 bytes = 128 bits
    expect(new Set(codes).size).toBe(40);
    // Seat after seat, codes do not count up or share a prefix: two random codes differ in ~30 of 32 places.
    for (let i = 1; i < codes.length; i++) {
      const differing = [...codes[i]!].filter((char, at) => char !== codes[i - 1]![at]).length;
      expect(differing).toBeGreaterThanOrEqual(20);
    }
    // Over 1,280 hex digits every one of the 16 appears, none far more often than the others (~80 each).
    const counts = new Map<string, number>();
    for (const char of codes.join('')) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(16);
    for (const count of counts.values()) expect(count).toBeLessThan(140);
  });
});

describe('the QR code of a ticket', () => {
  it('when the owner asks for it, then an SVG (image/svg+xml) comes back and decodes to the ticket code', async () => {
    const user = await registerUser(t.request);
    const { booking } = await buy(user, ['E1', 'E2']);
    for (const ticket of booking.tickets) {
      const res = await svgOf(user, booking.id, ticket.id);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(res.body).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
      expect(await decodeQr(res.body as string)).toBe(ticket.code);
    }
  });

  it('when another user, nobody, or the wrong booking asks for it, then 404 or 401 and no image', async () => {
    const [owner, other] = [await registerUser(t.request), await registerUser(t.request)];
    const { booking } = await buy(owner, ['F1']);
    const ownOther = (await buy(other, ['F2'])).booking;
    const ticketId = booking.tickets[0]!.id;

    const stranger = await svgOf(other, booking.id, ticketId);
    expect(stranger.status).toBe(404);
    expect(JSON.parse(stranger.body as string).error.code).toBe('NOT_FOUND');
    // The other user's own booking id with this ticket: still not theirs.
    expect((await svgOf(other, ownOther.id, ticketId)).status).toBe(404);
    expect((await svgOf(owner, ownOther.id, ticketId)).status).toBe(404);
    expect((await svgOf(owner, booking.id, 'no-such-ticket')).status).toBe(404);
    const anonymous = await t.request.get(`/api/bookings/${booking.id}/tickets/${ticketId}.svg`);
    expect(anonymous.status).toBe(401);
  });
});

describe('the API document', () => {
  it('when the OpenAPI document is read, then the ticket, check-in, door-count and staff endpoints are in it', async () => {
    const { paths } = (await t.request.get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(paths['/api/bookings/{id}/tickets/{ticketId}.svg'] ?? {})).toEqual(['get']);
    expect(Object.keys(paths['/api/checkin'] ?? {})).toEqual(['post']);
    expect(Object.keys(paths['/api/showtimes/{id}/checkins'] ?? {})).toEqual(['get']);
    expect(Object.keys(paths['/api/staff'] ?? {})).toEqual(['post']);
  });
});
