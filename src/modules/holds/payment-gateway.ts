// Where money would move. Marquee ships a fake so it runs with nothing to sign up for; a real provider
// implements the same interface. It is never called inside a database transaction: a slow provider
// must not hold the showtime's lock.
import { randomUUID } from 'node:crypto';

export type Charge = { amountCents: number; paymentToken: string; idempotencyKey: string; description: string };
export type ChargeResult = { ok: true; chargeId: string } | { ok: false; reason: string };

export interface PaymentGateway {
  charge(charge: Charge): Promise<ChargeResult>;
  /** Gives the money back when the seats could not be sold after all (the hold expired meanwhile). */
  refund(chargeId: string): Promise<void>;
}

/** Accepts every token except those starting with `fail_`, which are declined. */
export function createFakePaymentGateway(): PaymentGateway & { refunds: string[] } {
  const refunds: string[] = [];
  return {
    refunds,
    async charge({ paymentToken }) {
      if (paymentToken.startsWith('fail_')) return { ok: false, reason: 'The card was declined' };
      return { ok: true, chargeId: `ch_${randomUUID()}` };
    },
    async refund(chargeId) {
      refunds.push(chargeId);
    },
  };
}
