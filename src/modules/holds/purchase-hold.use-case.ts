// Purchase a hold, at most once per (user, Idempotency-Key), whatever crashes. The idempotency record
// is the purchase's recovery point (Stripe's "idempotency keys with atomic phases"):
//   started: charge the payment outside any transaction, under the gateway key `userId:key`, through the
//            checkout lanes (a bounded line, N registers, a breaker; a hold waiting there is kept) -> charged;
//   charged: in ONE showtime transaction, compare-and-set the hold to purchased, create the booking, sell
//            the claims AND store the answer in the record.
// A retry resumes a record left by a dead process from its point; the gateway key keeps it from
// charging twice. Definite failures (declined, expired, not active) are stored as the answer too, and a
// charge that bought nothing is refunded before that answer is stored.
import { AppError } from '../../lib/errors';
import type { Clock } from '../../lib/clock';
import type { Db } from '../../db/client';
import type { Sql } from '../../db/sql';
import { auditRepository } from '../audit';
import type { CatalogService } from '../catalog';
import { createBooking, findBookingOfHold, toBookingView, type BookingRow } from '../bookings';
import { holdsRepository, type HoldRow } from './holds.repository';
import { expireOverdueHolds } from './end-holds';
import { findOwnHold, holdExpired, holdNotActive } from './manage-hold.use-case';
import { fingerprint, type Claim, type IdempotencyStore } from './idempotency';
import { bookingAnswer, errorAnswer, replay, type PurchaseResult } from './purchase-answers';
import { keepHoldForCheckout } from './keep-for-checkout';
import type { PaymentGateway } from './payment-gateway';
import type { Checkout } from './checkout-lanes';
import type { EventBus } from '../../lib/events';
import type { SeatLedger } from '../seats';
import { seatClaims } from '../seats';

type Deps = {
  db: Db;
  sql: Sql;
  ledger: SeatLedger;
  clock: Clock;
  catalog: CatalogService;
  payments: PaymentGateway;
  checkout: Checkout;
  events: EventBus;
  idempotency: IdempotencyStore;
};
export type { PurchaseResult };
export type PurchaseRequest = { userId: string; holdId: string; key: string; paymentToken: string };

/** Thrown inside a transaction whose record another run of the same key answered first: roll back, replay. */
class AnsweredElsewhere extends Error {}

export async function purchaseHold(deps: Deps, request: PurchaseRequest): Promise<PurchaseResult> {
  const { userId, key, holdId, paymentToken } = request;
  const begun = await deps.idempotency.begin(userId, key, fingerprint({ holdId, paymentToken }), deps.clock.now());
  if ('replay' in begun) return replay(begun.replay);
  const { claim } = begun;
  const stopRenewing = deps.idempotency.keepLease(claim, () => deps.clock.now());
  try {
    return await runPurchase(deps, request, claim);
  } catch (error) {
    if (error instanceof AnsweredElsewhere) {
      const stored = await deps.idempotency.storedAnswer(claim);
      if (stored) return replay(stored);
    }
    // Unexpected (database down, a bug): no answer is stored; the retry resumes from the recovery point.
    if (!(error instanceof StoredFailure)) await deps.idempotency.release(claim, deps.clock.now());
    throw error instanceof StoredFailure ? error.error : error;
  } finally {
    stopRenewing();
  }
}

/** A definite failure whose answer is stored; purchaseHold throws the AppError it carries. */
class StoredFailure extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

async function runPurchase(deps: Deps, request: PurchaseRequest, claim: Claim): Promise<PurchaseResult> {
  const { userId, holdId, paymentToken } = request;
  const gatewayKey = `${userId}:${request.key}`;
  const fail: Fail = async (error, store = () => deps.idempotency.complete(deps.sql, claim, errorAnswer(error))) => {
    if (!(await store())) throw new AnsweredElsewhere();
    throw new StoredFailure(error);
  };

  let hold: HoldRow;
  try {
    hold = await findOwnHold(deps, userId, holdId);
  } catch (error) {
    if (error instanceof AppError) return fail(error);
    throw error;
  }
  // A purchase resumed after a crash between the charge and recording it asks the gateway.
  let chargeId = claim.chargeId ?? (claim.resumed ? ((await deps.payments.findCharge(gatewayKey)) ?? null) : null);
  if (hold.status !== 'active' || hold.expiresAt <= deps.clock.now()) return settleUnbought(deps, claim, hold, chargeId, fail);

  const showtime = await deps.catalog.getShowtime(hold.showtimeId);
  const prices = new Map((await deps.catalog.seatsOf(showtime.auditoriumId)).map((seat) => [seat.label, seat.priceCents]));
  const totalCents = hold.seats.reduce((sum, label) => sum + (prices.get(label) ?? 0), 0);
  if (!chargeId) {
    // Once the purchase has a place at the till, its hold is kept while it waits and pays (bounded);
    // if the deadline won the race to the till, the place is given back and nothing is charged.
    const till = { holdLost: false };
    const charge = await deps.checkout
      .charge(
        {
          amountCents: totalCents,
          paymentToken,
          idempotencyKey: gatewayKey,
          description: `${hold.seats.length} seat(s) for ${showtime.movieTitle}`,
        },
        {
          onPlaced: async () => {
            if (await keepHoldForCheckout(deps, hold)) return;
            till.holdLost = true;
            throw new Error('the hold ended before the purchase reached the till');
          },
          onPosition: (position) => deps.events.emit('checkout.position', { holdId, userId, position }),
        },
      )
      .catch((error: unknown) => {
        if (till.holdLost) return undefined;
        throw error;
      });
    if (!charge) return settleUnbought(deps, claim, await findOwnHold(deps, userId, holdId), null, fail);
    if (!charge.ok) return fail(new AppError('PAYMENT_DECLINED', charge.reason));
    chargeId = charge.chargeId;
    await deps.idempotency.recordCharge(claim, chargeId, deps.clock.now());
  }

  const paidWith = chargeId;
  const booking = await deps.ledger.change(hold.showtimeId, async (s) => {
    const moved = await holdsRepository.endHolds(s.sql, [hold.id], 'purchased', s.now, 'before');
    if (moved === 0) {
      await expireOverdueHolds(s, deps.ledger);
      return undefined;
    }
    const created = await createBooking(s.sql, {
      showtimeId: hold.showtimeId,
      userId,
      holdId: hold.id,
      seats: hold.seats,
      totalCents,
      chargeId: paidWith,
      createdAt: s.now,
    });
    await seatClaims.moveToBooking(s.sql, hold.id, created.id);
    await auditRepository.record(s.sql, [
      {
        showtimeId: hold.showtimeId,
        userId,
        action: 'booking.confirmed',
        seats: hold.seats,
        holdId: hold.id,
        bookingId: created.id,
        at: s.now,
      },
    ]);
    await deps.ledger.endHold(s, hold, 'purchased');
    s.mark(hold.seats, 'sold');
    s.emit('booking.confirmed', { bookingId: created.id, userId, showtimeId: hold.showtimeId });
    // The answer commits with the booking: a crash after this leaves a record that a retry replays.
    if (!(await deps.idempotency.complete(s.sql, claim, bookingAnswer(toBookingView(created))))) throw new AnsweredElsewhere();
    return created;
  });
  if (booking) return { booking: toBookingView(booking), replayed: false };
  return settleUnbought(deps, claim, await findOwnHold(deps, userId, holdId), chargeId, fail);
}

/** Stores a definite failure as this key's answer (by default on its own; `store` may do it in a transaction). */
type Fail = (error: AppError, store?: () => Promise<boolean>) => Promise<never>;

/** The hold cannot be bought (any more): refund what this key paid, then answer from the hold's state. */
async function settleUnbought(deps: Deps, claim: Claim, hold: HoldRow, chargeId: string | null, fail: Fail): Promise<PurchaseResult> {
  if (hold.status === 'purchased') {
    const booking = await findBookingOfHold(deps.db, hold.id);
    // The hold became a booking under another key (this key's own booking would have answered it).
    if (chargeId && booking?.chargeId !== chargeId) await deps.payments.refund(chargeId);
    // Never HOLD_NOT_ACTIVE for the owner: the answer is the booking as it stands (cancelled since, maybe).
    if (booking) return answerWithBooking(deps, claim, booking);
    return fail(holdNotActive('purchased'));
  }
  if (chargeId) await deps.payments.refund(chargeId);
  if (hold.status === 'released') return fail(holdNotActive('released'));
  const error = holdExpired();
  if (hold.status === 'expired') return fail(error);
  // Still active past its deadline: expire it and store the answer in the same transaction.
  return fail(error, () =>
    deps.ledger.change(hold.showtimeId, async (s) => {
      await expireOverdueHolds(s, deps.ledger);
      return deps.idempotency.complete(s.sql, claim, errorAnswer(error));
    }),
  );
}

async function answerWithBooking(deps: Deps, claim: Claim, booking: BookingRow): Promise<PurchaseResult> {
  const view = toBookingView(booking);
  if (!(await deps.idempotency.complete(deps.sql, claim, bookingAnswer(view)))) throw new AnsweredElsewhere();
  return { booking: view, replayed: true };
}
