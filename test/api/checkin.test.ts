// Check-in at the door: staff (made by an admin) and admins scan a ticket's code; each ticket is
// admitted exactly once however many doors scan it at the same moment, and the answers follow the
// contract: 409 ALREADY_CHECKED_IN with the first time, 410 for a cancelled booking, 404 for an unknown
// code, 409 WRONG_SHOWTIME for another showtime's ticket, 403 for customers.
import { createTestApp, type TestApp } from '../support/app';
import { createAdmin, createShowtime, registerUser, type TestUser } from '../support/factories';

let t: TestApp;
let admin: TestUser;
let staff: TestUser;
beforeAll(async () => {
  t = await createTestApp();
  admin = await createAdmin(t.context, t.request);
  staff = await createStaff(`door-${Date.now()}@example.test`);
});
afterAll(() => t.close());

type Ticket = { id: string; seat: string; code: string };

async function createStaff(email: string): Promise<TestUser> {
  const made = await t.request.post('/api/staff').set(admin.auth).send({ email, password: 'door-password-1', name: 'Door' });
  expect(made.status).toBe(201);
  const login = await t.request.post('/api/auth/login').send({ email, password: 'door-password-1' });
  expect(login.status).toBe(200);
  return { id: made.body.user.id, email, token: login.body.token, auth: { Authorization: `Bearer ${login.body.token}` } };
}

async function buy(seats: string[]) {
  const customer = await registerUser(t.request);
  const showtime = await createShowtime(t.context, { rows: 8 });
  const hold = await t.request.post(`/api/showtimes/${showtime.id}/holds`).set(customer.auth).send({ seats });
  const res = await t.request
    .post(`/api/holds/${hold.body.hold.id}/purchase`)
    .set(customer.auth)
    .set('Idempotency-Key', 'k')
    .send({ paymentToken: 'tok_visa' });
  expect(res.status).toBe(201);
  return { customer, showtime, booking: res.body.booking as { id: string; tickets: Ticket[] } };
}

const scan = (user: TestUser, body: object) => t.request.post('/api/checkin').set(user.auth).send(body);
const checkedInAtOf = async (ticketId: string) => (await t.context.db.ticket.findUniqueOrThrow({ where: { id: ticketId } })).checkedInAt;

describe('checking a ticket in', () => {
  it('when staff scan a valid ticket, then 200 with the ticket, the door count goes up, and the audit trail says who', async () => {
    const { showtime, booking } = await buy(['B4', 'B5']);
    const ticket = booking.tickets[0]!;
    const before = await t.request.get(`/api/showtimes/${showtime.id}/checkins`).set(staff.auth);
    expect(before.body).toEqual({ showtimeId: showtime.id, admitted: 0, sold: 2 });

    const res = await scan(staff, { code: ticket.code, showtimeId: showtime.id });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ticket: { id: ticket.id, seat: 'B4', showtimeId: showtime.id, checkedInAt: expect.any(String) } });
    expect((await checkedInAtOf(ticket.id))?.toISOString()).toBe(res.body.ticket.checkedInAt);

    const after = await t.request.get(`/api/showtimes/${showtime.id}/checkins`).set(staff.auth);
    expect(after.body).toEqual({ showtimeId: showtime.id, admitted: 1, sold: 2 });
    const audit = await t.request.get(`/api/admin/showtimes/${showtime.id}/audit`).set(admin.auth);
    const checkIns = audit.body.events.filter((event: { action: string }) => event.action === 'ticket.checked_in');
    expect(checkIns).toEqual([expect.objectContaining({ userId: staff.id, seats: ['B4'], bookingId: booking.id })]);
  });

  it('when 20 doors scan one ticket at the same moment, then exactly one is admitted and 19 get 409 with that first time', async () => {
    const { booking } = await buy(['C1']);
    const ticket = booking.tickets[0]!;
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => scan(i % 2 ? staff : admin, { code: ticket.code })));
    const admitted = answers.filter((res) => res.status === 200);
    const refused = answers.filter((res) => res.status === 409);
    expect(admitted).toHaveLength(1);
    expect(refused).toHaveLength(19);
    const firstTime = admitted[0]!.body.ticket.checkedInAt as string;
    for (const res of refused) {
      expect(res.body.error.code).toBe('ALREADY_CHECKED_IN');
      expect(res.body.error.details.checkedInAt).toBe(firstTime);
    }
    expect((await checkedInAtOf(ticket.id))?.toISOString()).toBe(firstTime);
    const audited = await t.context.db.auditEvent.count({ where: { bookingId: booking.id, action: 'ticket.checked_in' } });
    expect(audited).toBe(1);
  });

  it('when the code is typed in lower case with the printed spaces, then it is the same ticket', async () => {
    const { booking } = await buy(['C2']);
    const typed = booking.tickets[0]!.code.toLowerCase().replace(/(.{4})/g, '$1 ');
    expect((await scan(staff, { code: typed })).status).toBe(200);
  });

  it('when the booking was cancelled, then 410 TICKET_CANCELLED, the ticket stays unscanned and is not counted', async () => {
    const { customer, showtime, booking } = await buy(['D1', 'D2']);
    expect((await t.request.post(`/api/bookings/${booking.id}/cancel`).set(customer.auth)).body.booking.status).toBe('cancelled');
    for (const ticket of booking.tickets) {
      const res = await scan(staff, { code: ticket.code });
      expect(res.status).toBe(410);
      expect(res.body.error).toMatchObject({ code: 'TICKET_CANCELLED', details: { seat: ticket.seat } });
      expect(await checkedInAtOf(ticket.id)).toBeNull();
    }
    const count = await t.request.get(`/api/showtimes/${showtime.id}/checkins`).set(staff.auth);
    expect(count.body).toEqual({ showtimeId: showtime.id, admitted: 0, sold: 0 });
  });

  it('when the door serves another showtime, then 409 WRONG_SHOWTIME and the ticket can still be used at its own', async () => {
    const { showtime, booking } = await buy(['E1']);
    const other = await createShowtime(t.context);
    const ticket = booking.tickets[0]!;
    const wrong = await scan(staff, { code: ticket.code, showtimeId: other.id });
    expect(wrong.status).toBe(409);
    expect(wrong.body.error).toMatchObject({ code: 'WRONG_SHOWTIME', details: { showtimeId: showtime.id, seat: 'E1' } });
    expect(await checkedInAtOf(ticket.id)).toBeNull();
    expect((await scan(staff, { code: ticket.code, showtimeId: showtime.id })).status).toBe(200);
  });

  it('when the code is unknown, then 404 NOT_FOUND', async () => {
    const res = await scan(staff, { code: '0123456789ABCDEF0123456789ABCDEF' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('when a customer or nobody scans, then 403 FORBIDDEN or 401, and nothing is checked in', async () => {
    const { customer, showtime, booking } = await buy(['F1']);
    const ticket = booking.tickets[0]!;
    const own = await scan(customer, { code: ticket.code });
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('FORBIDDEN');
    expect((await t.request.post('/api/checkin').send({ code: ticket.code })).status).toBe(401);
    expect((await t.request.get(`/api/showtimes/${showtime.id}/checkins`).set(customer.auth)).status).toBe(403);
    expect(await checkedInAtOf(ticket.id)).toBeNull();
  });

  it('when the input is malformed, then 400 VALIDATION_FAILED and nothing changes', async () => {
    const { booking } = await buy(['G1']);
    const ticket = booking.tickets[0]!;
    const bad = [
      {},
      { code: 42 },
      { code: 'not-a-code' },
      { code: `${ticket.code}0` },
      { code: ticket.code, showtimeId: 7 },
      { code: ticket.code, extra: true },
      { code: 'x'.repeat(10_000) },
    ];
    for (const body of bad) {
      const res = await scan(staff, body);
      expect({ body, status: res.status, code: res.body.error?.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
    }
    expect(await checkedInAtOf(ticket.id)).toBeNull();
    expect((await t.request.get('/api/showtimes/no-such-showtime/checkins').set(staff.auth)).status).toBe(404);
  });
});

describe('staff accounts', () => {
  it('when an admin creates one, then it has role staff, no password hash is shown, and it can log in and check in', async () => {
    const email = `usher-${Date.now()}@example.test`;
    const made = await t.request.post('/api/staff').set(admin.auth).send({ email, password: 'usher-password', name: 'Usher' });
    expect(made.status).toBe(201);
    expect(made.body).toEqual({ user: { id: expect.any(String), email, name: 'Usher', role: 'staff' } });
    const login = await t.request.post('/api/auth/login').send({ email, password: 'usher-password' });
    expect(login.body.user.role).toBe('staff');
    const { booking } = await buy(['H1']);
    const res = await t.request
      .post('/api/checkin')
      .set({ Authorization: `Bearer ${login.body.token}` })
      .send({ code: booking.tickets[0]!.code });
    expect(res.status).toBe(200);
  });

  it('when a customer or staff member tries to create staff, then 403 and no account is made', async () => {
    const customer = await registerUser(t.request);
    for (const caller of [customer, staff]) {
      const email = `sneaky-${caller.id}@example.test`;
      const res = await t.request.post('/api/staff').set(caller.auth).send({ email, password: 'password-123', name: 'Sneaky' });
      expect(res.status).toBe(403);
      expect(await t.context.db.user.count({ where: { email } })).toBe(0);
    }
  });

  it('when the email is taken or the body is bad, then 409 EMAIL_TAKEN or 400, and nothing new is made', async () => {
    const taken = await t.request.post('/api/staff').set(admin.auth).send({ email: staff.email, password: 'password-123', name: 'Again' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('EMAIL_TAKEN');
    const before = await t.context.db.user.count();
    for (const body of [
      {},
      { email: 'x', password: 'password-123', name: 'X' },
      { email: 'a@b.test', password: 'short', name: 'X' },
      { email: 'a@b.test', password: 'password-123', name: 'X', role: 'admin' },
    ]) {
      const res = await t.request.post('/api/staff').set(admin.auth).send(body);
      expect(res.status).toBe(400);
    }
    expect(await t.context.db.user.count()).toBe(before);
  });
});
