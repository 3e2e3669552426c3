// A circuit breaker (opossum) around the gateway's charge. When enough recent charges failed, it opens:
// purchases answer 503 SERVICE_UNAVAILABLE at once, with Retry-After, and the gateway is left alone to
// recover. After `resetTimeoutMs` it lets one charge through (half-open): success closes it, failure
// opens it again. A declined card is an answer, not a failure. Charges are never abandoned on a timer
// (opossum's `timeout` is off): a call given up on would keep running at the gateway while its register
// went to the next purchase, so more than CHECKOUT_REGISTERS calls would be in flight.
import CircuitBreaker from 'opossum';
import { Gauge, type Registry } from 'prom-client';
import { AppError } from '../../lib/errors';
import { PaymentGatewayError, type Charge, type ChargeResult, type PaymentGateway } from './payment-gateway';

export type PaymentBreakerOptions = {
  errorThresholdPercentage: number;
  volumeThreshold: number;
  resetTimeoutMs: number;
  registry?: Registry;
};
export type BreakerState = 'closed' | 'half-open' | 'open';

const stateValue: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

export function createPaymentBreaker(gateway: PaymentGateway, options: PaymentBreakerOptions) {
  const breaker = new CircuitBreaker((charge: Charge) => gateway.charge(charge), {
    timeout: false,
    errorThresholdPercentage: options.errorThresholdPercentage,
    volumeThreshold: options.volumeThreshold,
    resetTimeout: options.resetTimeoutMs,
  });
  let openedAt = 0;
  breaker.on('open', () => (openedAt = Date.now()));
  const state = (): BreakerState => (breaker.opened ? 'open' : breaker.halfOpen ? 'half-open' : 'closed');
  new Gauge({
    name: 'marquee_payment_breaker_state',
    help: 'Payment gateway breaker: 0 closed, 1 half-open, 2 open',
    registers: options.registry ? [options.registry] : [],
    collect() {
      this.set(stateValue[state()]);
    },
  });

  const unavailable = () => {
    const left = openedAt + options.resetTimeoutMs - Date.now();
    return new AppError('SERVICE_UNAVAILABLE', 'Payments are unavailable right now; please retry in a moment', {
      retryAfterSeconds: Math.max(1, Math.ceil(left / 1000)),
    });
  };

  return {
    state,
    /** Answers 503 before a purchase joins the line, when the breaker is open. */
    refuseIfOpen() {
      if (breaker.opened) throw unavailable();
    },
    async charge(charge: Charge): Promise<ChargeResult> {
      try {
        return await breaker.fire(charge);
      } catch (error) {
        // Open, or half-open with its one trial charge already out.
        if ((error as { code?: string }).code === 'EOPENBREAKER') throw unavailable();
        if (error instanceof PaymentGatewayError) {
          throw new AppError('SERVICE_UNAVAILABLE', 'The payment provider did not answer; please retry in a moment', {
            retryAfterSeconds: 1,
          });
        }
        throw error;
      }
    },
    shutdown: () => breaker.shutdown(),
  };
}

export type PaymentBreaker = ReturnType<typeof createPaymentBreaker>;
