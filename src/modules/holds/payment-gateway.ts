// Where money would move. Marquee ships a fake so it runs with nothing to sign up for; a real provider
// implements the same interface. It is never called inside a database transaction: a slow provider
// must not hold the showtime's lock. Charges carry an idempotency key, as Stripe's do: a purchase resumed
// after a crash presents the same key and gets the first charge back instead of charging twice.
import { randomUUID } from 'node:crypto';
import type { DbClient } from '../../db/client';
import { isUniqueViolation } from '../../db/errors';

export type Charge = { amountCents: number; paymentToken: string; idempotencyKey: string; description: string };
export type ChargeResult = { ok: true; chargeId: string } | { ok: false; reason: string };

export interface PaymentGateway {
  /** Charges at most once per `idempotencyKey`: the same key again answers the first charge, charging nothing. */
  charge(charge: Charge): Promise<ChargeResult>;
  /** The charge made under this key, if any: how a purchase resumed after a crash learns whether it paid. */
  findCharge(idempotencyKey: string): Promise<string | undefined>;
  /** Gives the money back when the seats could not be sold after all. Refunding twice changes nothing. */
  refund(chargeId: string): Promise<void>;
}

/**
 * Accepts every token except those starting with `fail_`, which are declined. Its ledger is the
 * FakePaymentCharge table, one row per key (the primary key makes a second charge on a key impossible),
 * written in its own statements as an outside system would, so tests can count charges per key even
 * across a crash of the service.
 */
export function createFakePaymentGateway(db: DbClient, options: { delayMs?: number } = {}): PaymentGateway {
  // After the charge is written and before the answer: the window where the money moved but the service
  // has not heard, the one a crash-safe purchase must survive.
  const answerLate = () => (options.delayMs ? new Promise((resolve) => setTimeout(resolve, options.delayMs)) : undefined);
  return {
    async charge({ amountCents, paymentToken, idempotencyKey }) {
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
