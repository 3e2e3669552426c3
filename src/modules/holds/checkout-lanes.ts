// Checkout lanes: the till of one process. At most `registers` payment calls run at once; purchases that
// find every register busy wait in one first-come line of at most `lineMax`, each for at most
// `lineTimeoutMs`. A full line or a wait that runs out answers 503 CHECKOUT_BUSY with Retry-After, and
// nothing was charged. The line is per process: with several instances each has its own registers.
// A hand-rolled line rather than async-mutex's Semaphore: each waiter needs its place (told to its owner
// as the line moves) and must leave the line when its wait runs out, which that Semaphore does not offer.
import { performance } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { AppError } from '../../lib/errors';
import type { Charge, ChargeResult } from './payment-gateway';
import type { PaymentBreaker } from './payment-breaker';

export type CheckoutLanesOptions = { registers: number; lineMax: number; lineTimeoutMs: number; registry?: Registry };
/** What a purchase hears while it waits: `onQueued` once when it joins the line, `onPosition` as it moves (0: at a register). */
/** `onPlaced`: the purchase has a place, in line or at a register, before it waits or pays (a throw gives the place back). */
export type CheckoutHooks = { onPlaced?: () => Promise<void>; onPosition?: (position: number) => void };

// A held seat's deadline covers the whole wait plus this much for the payment call at the register.
const HOLD_MARGIN_MS = 5000;
const RETRY_AFTER_SECONDS = 1;

type Waiter = { admit: () => void; refuse: (error: AppError) => void; onPosition?: (position: number) => void; timer?: NodeJS.Timeout };

export const checkoutBusy = (reason: 'line-full' | 'wait-timeout') =>
  new AppError('CHECKOUT_BUSY', 'The checkout line is full; please retry in a moment', { reason, retryAfterSeconds: RETRY_AFTER_SECONDS });

export function createCheckoutLanes(options: CheckoutLanesOptions) {
  let busy = 0;
  const line: Waiter[] = [];
  const registers = options.registry ? [options.registry] : [];
  new Gauge({
    name: 'marquee_checkout_line_length',
    help: 'Purchases waiting for a register',
    registers,
    collect() {
      this.set(line.length);
    },
  });
  new Gauge({
    name: 'marquee_checkout_registers_busy',
    help: 'Payment calls running now',
    registers,
    collect() {
      this.set(busy);
    },
  });
  const waited = new Histogram({
    name: 'marquee_checkout_wait_seconds',
    help: 'Time from joining checkout to reaching a register (0 when one was free)',
    buckets: [0, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const refused = new Counter({
    name: 'marquee_checkout_busy_total',
    help: 'Purchases answered CHECKOUT_BUSY',
    labelNames: ['reason'] as const,
    registers,
  });

  const announce = () => line.forEach((waiter, index) => waiter.onPosition?.(index + 1));
  const leaveLine = (waiter: Waiter) => {
    const index = line.indexOf(waiter);
    if (index < 0) return false;
    line.splice(index, 1);
    clearTimeout(waiter.timer);
    announce();
    return true;
  };
  // A freed register passes straight to the first in line, so `busy` never drops below what runs.
  const release = () => {
    const next = line.shift();
    if (!next) busy -= 1;
    else {
      clearTimeout(next.timer);
      next.admit();
      announce();
    }
  };

  /** Resolves with a register taken: false when one was free, true after waiting in line. */
  async function takeRegister(hooks: CheckoutHooks) {
    if (busy < options.registers) {
      busy += 1;
      return false;
    }
    if (line.length >= options.lineMax) {
      refused.inc({ reason: 'line-full' });
      throw checkoutBusy('line-full');
    }
    const waiter: Waiter = { admit: () => undefined, refuse: () => undefined, onPosition: hooks.onPosition };
    const turn = new Promise<void>((admit, refuse) => Object.assign(waiter, { admit, refuse }));
    turn.catch(() => undefined); // awaited below; a refusal during onPlaced must not go unhandled
    waiter.timer = setTimeout(() => {
      if (!leaveLine(waiter)) return;
      refused.inc({ reason: 'wait-timeout' });
      waiter.refuse(checkoutBusy('wait-timeout'));
    }, options.lineTimeoutMs);
    line.push(waiter);
    hooks.onPosition?.(line.length);
    try {
      await hooks.onPlaced?.();
    } catch (error) {
      // Out of the line, or hand back the register it was given meanwhile.
      if (!leaveLine(waiter)) await turn.then(release, () => undefined);
      throw error;
    }
    await turn;
    return true;
  }

  return {
    /** The longest a purchase's hold needs to be kept for it: the whole wait, then the call at the register. */
    holdGraceMs: options.lineTimeoutMs + HOLD_MARGIN_MS,
    state: () => ({ busy, waiting: line.length }),
    /** Runs `work` at a register, after waiting in line if all are busy; CHECKOUT_BUSY if the line is full or the wait runs out. */
    async run<T>(work: () => Promise<T>, hooks: CheckoutHooks = {}): Promise<T> {
      const joined = performance.now();
      const queued = await takeRegister(hooks);
      waited.observe((performance.now() - joined) / 1000);
      try {
        if (queued) hooks.onPosition?.(0);
        else await hooks.onPlaced?.(); // a register free at once is a place too
        return await work();
      } finally {
        release();
      }
    },
  };
}

export type CheckoutLanes = ReturnType<typeof createCheckoutLanes>;

/** The gateway's charge behind the lanes and the breaker: an open breaker answers at once, without queueing. */
export function createCheckout(lanes: CheckoutLanes, breaker: PaymentBreaker) {
  return {
    holdGraceMs: lanes.holdGraceMs,
    lanes,
    breaker,
    charge(charge: Charge, hooks: CheckoutHooks = {}): Promise<ChargeResult> {
      breaker.refuseIfOpen();
      return lanes.run(() => breaker.charge(charge), hooks);
    },
  };
}

export type Checkout = ReturnType<typeof createCheckout>;
