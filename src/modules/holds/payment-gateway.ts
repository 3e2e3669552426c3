// Where money would move. Marquee ships a fake so it runs with nothing to sign up for; a real provider
// implements the same interface. It is never called inside a database transaction: a slow provider
// must not hold the showtime's lock. Charges carry an idempotency key, as Stripe's do: a purchase resumed
// after a crash presents the same key and gets the first charge back instead of charging twice.
import { randomUUID } from 'node:crypto';
import type { DbClient } from '../../db/client';
import { isUniqueViolation } from '../../db/errors';

export type Charge = { amountCents: number; paymentToken: string; idempotencyKey: string; description: string };
export type ChargeResult = { ok: true; chargeId: string } | { ok: false; reason: string };

/** The provider could not be reached or failed: no answer about the charge (a declined card is an answer). */
export class PaymentGatewayError extends Error {
  constructor(message = 'The payment provider failed') {
    super(message);
    this.name = 'PaymentGatewayError';
  }
}

export interface PaymentGateway {
  /** Charges at most once per `idempotencyKey`: the same key again answers the first charge, charging nothing. */
  charge(charge: Charge): Promise<ChargeResult>;
  /** The charge made under this key, if any: how a purchase resumed after a crash learns whether it paid. */
  findCharge(idempotencyKey: string): Promise<string | undefined>;
  /** Gives the money back when the seats could not be sold after all. Refunding twice changes nothing. */
  refund(chargeId: string): Promise<void>;
}

/**
 * Accepts every token except those starting with `fail_`, which are declined; with `failureRate`, that
 * share of calls throws PaymentGatewayError instead (FAKE_PAYMENT_FAILURE_RATE). Its ledger is the
 * FakePaymentCharge table, one row per key (the primary key makes a second charge on a key impossible),
 * written in its own statements as an outside system would, so tests can count charges per key even
 * across a crash of the service.
 */
export function createFakePaymentGateway(db: DbClient, options: { delayMs?: number; failureRate?: number } = {}): PaymentGateway {
  // Failure injection, evenly spread rather than random so tests can count on it: with rate r, call n
  // fails when floor(n * r) moves up (0.25 fails every fourth call, 1 every call). It fails before any
  // money moves, like a provider that could not be reached.
  const failureRate = options.failureRate ?? 0;
  let calls = 0;
  const failsNow = () => {
    calls += 1;
    return Math.floor(calls * failureRate) > Math.floor((calls - 1) * failureRate);
  };
  // After the charge is written and before the answer: the window where the money moved but the service
  // has not heard, the one a crash-safe purchase must survive.
  const answerLate = () => (options.delayMs ? new Promise((resolve) => setTimeout(resolve, options.delayMs)) : undefined);
  return {
    async charge({ amountCents, paymentToken, idempotencyKey }) {
      if (failureRate > 0 && failsNow()) throw new PaymentGatewayError('The fake payment provider failed (FAKE_PAYMENT_FAILURE_RATE)');
      if (paymentToken.startsWith('fail_')) return { ok: false, reason: 'The card was declined' };
      const chargeId = `ch_${randomUUID()}`;
      try {
        await db.fakePaymentCharge.create({ data: { idempotencyKey, chargeId, amountCents, createdAt: new Date() } });
        await answerLate();
        return { ok: true, chargeId };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      const first = await db.fakePaymentCharge.update({ where: { idempotencyKey }, data: { attempts: { increment: 1 } } });
      return { ok: true, chargeId: first.chargeId };
    },
    async findCharge(idempotencyKey) {
      return (await db.fakePaymentCharge.findUnique({ where: { idempotencyKey } }))?.chargeId;
    },
    async refund(chargeId) {
      await db.fakePaymentCharge.updateMany({ where: { chargeId, refundedAt: null }, data: { refundedAt: new Date() } });
    },
  };
}
