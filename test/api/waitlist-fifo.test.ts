import { execFile } from 'node:child_process';
import { join as joinPath } from 'node:path';
import { createShowtime, registerUser, registerUsers, type TestUser } from '../support/factories';
import { useWaitlistApp } from '../support/waitlist';

const t = useWaitlistApp({ MAX_SEATS_PER_HOLD: '10' });
const { clock, hold, buy, release, cancel, joinInOrder, entryOf, logOf } = t;

function verifyLogCli(showtimeId: string): Promise<{ code: number; stdout: string }> {
  const tsx = joinPath(__dirname, '../../node_modules/.bin/tsx');
  return new Promise((resolve) => {
    execFile(
      tsx,
      ['src/cli/verify-log.ts', showtimeId],
      { cwd: joinPath(__dirname, '../..'), env: { ...process.env, DATABASE_URL: t.config.DATABASE_URL } },
      (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
    );
  });
}

describe('FIFO offers', () => {
  it('when 50 users wait and 10 single seats free up one by one and in bursts, then the first 10 get one distinct seat each; an expired offer passes to the 11th', async () => {
    const showtime = await createShowtime(t.context, { rows: 1, seatsPerRow: 12 });
    const owners = await registerUsers(t.request, 12);
    const holds: string[] = [];
    for (const [i, owner] of owners.entries()) holds.push(await hold(owner, showtime.id, [`A${i + 1}`]));
    const bookings: string[] = [];
    for (let i = 6; i < 12; i++) bookings.push(await buy(owners[i] as TestUser, holds[i] as string));
    const waiters = await registerUsers(t.request, 50);
    const ids = await joinInOrder(waiters, showtime.id);
    expect((await entryOf(waiters[49] as TestUser, ids[49] as string)).position).toBe(50);

    await release(owners[0] as TestUser, holds[0] as string);
    await cancel(owners[6] as TestUser, bookings[0] as string);
    await Promise.all([
      release(owners[1] as TestUser, holds[1] as string),
      release(owners[2] as TestUser, holds[2] as string),
      cancel(owners[7] as TestUser, bookings[1] as string),
    ]);
    await Promise.all([
      release(owners[3] as TestUser, holds[3] as string),
      release(owners[4] as TestUser, holds[4] as string),
      cancel(owners[8] as TestUser, bookings[2] as string),
      cancel(owners[9] as TestUser, bookings[3] as string),
      cancel(owners[10] as TestUser, bookings[4] as string),
    ]);

    const entries = await Promise.all(waiters.map((user, i) => entryOf(user, ids[i] as string)));
    expect(entries.slice(0, 10).map((e) => e.status)).toEqual(Array(10).fill('offered'));
    expect(entries.slice(10).map((e) => [e.status, e.position])).toEqual(Array.from({ length: 40 }, (_, i) => ['waiting', i + 1]));
    const offeredSeats = entries.slice(0, 10).flatMap((e) => e.offer.seats);
    expect(new Set(offeredSeats).size).toBe(10);
    expect(offeredSeats.sort()).toEqual(['A1', 'A10', 'A11', 'A2', 'A3', 'A4', 'A5', 'A8', 'A9', 'A7'].sort());
    expect(await t.context.db.hold.count({ where: { showtimeId: showtime.id, status: 'active', waitlistEntryId: { not: null } } })).toBe(
      10,
    );

    // Nine accept; the first lets its offer run out, and its seat goes to the 11th in line.
    for (let i = 1; i < 10; i++) await buy(waiters[i] as TestUser, entries[i].offer.holdId);
    clock.advance(121);
    await t.context.expiryEngine.sweep();
    expect((await entryOf(waiters[0] as TestUser, ids[0] as string)).status).toBe('expired');
    expect(await entryOf(waiters[10] as TestUser, ids[10] as string)).toMatchObject({
      status: 'offered',
      offer: { seats: entries[0].offer.seats },
    });
    expect(await entryOf(waiters[11] as TestUser, ids[11] as string)).toMatchObject({ status: 'waiting', position: 1 });

    const log = await logOf(showtime.id);
    expect(log.verified).toBe(true);
    const count = (type: string) => log.records.filter((r: { type: string }) => r.type === type).length;
    expect([count('join'), count('offer'), count('accept'), count('expire'), count('leave')]).toEqual([50, 11, 9, 1, 0]);
    expect(JSON.stringify(log)).not.toContain(waiters[0]?.email);
    expect(JSON.stringify(log)).not.toContain(waiters[0]?.id);
  });

  it('when a release, an expiry and a cancellation free seats at the same moment, then no seat is offered twice and nobody is skipped', async () => {
    const showtime = await createShowtime(t.context, { rows: 1, seatsPerRow: 6 });
    const [expiring, releasing, cancelling, keeping] = (await registerUsers(t.request, 4)) as TestUser[];
    await hold(expiring as TestUser, showtime.id, ['A1', 'A2']);
    clock.advance(400);
    const releasedHold = await hold(releasing as TestUser, showtime.id, ['A3']);
    const booking = await buy(cancelling as TestUser, await hold(cancelling as TestUser, showtime.id, ['A4']));
    await hold(keeping as TestUser, showtime.id, ['A5', 'A6']);
    const waiters = await registerUsers(t.request, 5);
    const ids = await joinInOrder(waiters, showtime.id);
    clock.advance(250); // the first hold is now past its deadline, the others are not

    await Promise.all([
      t.context.expiryEngine.sweep(),
      release(releasing as TestUser, releasedHold),
      cancel(cancelling as TestUser, booking),
    ]);

    const entries = await Promise.all(waiters.map((user, i) => entryOf(user, ids[i] as string)));
    expect(entries.map((e) => e.status)).toEqual(['offered', 'offered', 'offered', 'offered', 'waiting']);
    expect(entries[4].position).toBe(1);
    expect(
      entries
        .slice(0, 4)
        .flatMap((e) => e.offer.seats)
        .sort(),
    ).toEqual(['A1', 'A2', 'A3', 'A4']);
    expect(await t.context.db.seatClaim.count({ where: { showtimeId: showtime.id } })).toBe(6);
    expect((await logOf(showtime.id)).verified).toBe(true);
  });
});

describe('fairness log', () => {
  it('when one record is changed in the database, then the log and the verify-log command report failure', async () => {
    const showtime = await createShowtime(t.context, { rows: 1, seatsPerRow: 1 });
    const owner = await registerUser(t.request);
    const holdId = await hold(owner, showtime.id, ['A1']);
    await joinInOrder(await registerUsers(t.request, 2), showtime.id);
    await release(owner, holdId);

    const good = await logOf(showtime.id);
    expect(good.verified).toBe(true);
    expect(good.records.map((r: { seq: number; type: string }) => [r.seq, r.type])).toEqual([
      [1, 'join'],
      [2, 'join'],
      [3, 'offer'],
    ]);
    expect(good.records[0].prevHash).toBe('0'.repeat(64));
    expect(good.records[1].prevHash).toBe(good.records[0].hash);
    const ok = await verifyLogCli(showtime.id);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('VERIFIED');

    const record = await t.context.db.waitlistLogRecord.findUniqueOrThrow({
      where: { showtimeId_seq: { showtimeId: showtime.id, seq: 2 } },
    });
    await t.context.db.waitlistLogRecord.update({
      where: { showtimeId_seq: { showtimeId: showtime.id, seq: 2 } },
      data: { data: record.data.replace('"sequence":2', '"sequence":0') },
    });
    expect((await logOf(showtime.id)).verified).toBe(false);
    const bad = await verifyLogCli(showtime.id);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('record 2: hash does not match its contents');
  });

  it('when the showtime does not exist, then the log answers 404', async () => {
    expect((await t.request.get('/api/showtimes/nope/waitlist/log')).status).toBe(404);
  });
});
