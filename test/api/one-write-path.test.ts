// Every seat change runs on one kind of transaction from start to end: one plain-SQL transaction per
// change, never a Prisma transaction, and never a second attempt. Before, a release whose seats someone on
// the waitlist was waiting for ran on plain SQL, hit the Prisma handle, was rolled back and silently ran
// again on a Prisma transaction. The spies count what each request really opened.
import { createShowtime, registerUser } from '../support/factories';
import { useWaitlistApp } from '../support/waitlist';

const t = useWaitlistApp();

function countTransactions() {
  const plain = jest.spyOn(t.context.sql, 'transaction');
  const prisma = jest.spyOn(t.context.db, '$transaction');
  return {
    counts: () => ({ plain: plain.mock.calls.length, prisma: prisma.mock.calls.length }),
    restore: () => {
      plain.mockRestore();
      prisma.mockRestore();
    },
  };
}

async function measure(step: () => Promise<unknown>) {
  const spies = countTransactions();
  try {
    await step();
    return spies.counts();
  } finally {
    spies.restore();
  }
}

it('when a hold is made, extended, bought, cancelled, released to a waiting party or expires, then each change is exactly one plain-SQL transaction', async () => {
  const showtime = await createShowtime(t.context, { rows: 1, seatsPerRow: 2 });
  const [owner, waiter] = [await registerUser(t.request), await registerUser(t.request)];
  const one = { plain: 1, prisma: 0 };

  let holdId = '';
  expect(await measure(async () => (holdId = await t.hold(owner, showtime.id, ['A1', 'A2'])))).toEqual(one);
  expect(await measure(async () => expect((await t.request.post(`/api/holds/${holdId}/extend`).set(owner.auth)).status).toBe(200))).toEqual(
    one,
  );
  // Sold out: someone joins the waitlist. Two changes, one transaction each: an expiry pass (its freed
  // seats go to those already waiting), then the join itself, ordered with every seat change.
  expect(await measure(async () => expect((await t.join(waiter, showtime.id, { partySize: 1 })).status).toBe(201))).toEqual({
    plain: 2,
    prisma: 0,
  });
  // The release that used to run twice: its freed seats go to the waiting party in the same transaction.
  expect(await measure(() => t.release(owner, holdId))).toEqual(one);
  const entry = await t.context.db.waitlistEntry.findFirstOrThrow({ where: { showtimeId: showtime.id, userId: waiter.id } });
  expect(entry.status).toBe('offered');

  const offerHold = await t.context.db.hold.findFirstOrThrow({ where: { waitlistEntryId: entry.id } });
  let bookingId = '';
  // A purchase is two changes, one transaction each: the till keeps the hold while it pays, then the booking.
  expect(await measure(async () => (bookingId = await t.buy(waiter, offerHold.id)))).toEqual({ plain: 2, prisma: 0 });
  expect(await measure(() => t.cancel(waiter, bookingId))).toEqual(one);

  // Expiry: a hold past its deadline, swept by the engine.
  const late = await t.hold(owner, showtime.id, ['A1']);
  t.clock.advance(601);
  expect(await measure(() => t.context.expiryEngine.sweep())).toEqual(one);
  expect((await t.context.db.hold.findUniqueOrThrow({ where: { id: late } })).status).toBe('expired');
});
