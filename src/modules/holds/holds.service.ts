// The holds module's face to routes and other entry points: hold, read, release, extend, purchase
// (with Idempotency-Key replay), and the expiry work the engine calls.
import type { Clock } from '../../lib/clock';
import type { Db } from '../../db/client';
import type { Sql } from '../../db/sql';
import type { CatalogService } from '../catalog';
import type { SeatLedger } from '../seats';
import { holdSeats, type HoldRequest } from './hold-seats.use-case';
import { previewBestSeats, previewOrphans } from './best-seats';
import type { BestRequest } from '../seats';
import { extendOwnHold, getHold, listMyHolds, releaseOwnHold } from './manage-hold.use-case';
import { purchaseHold } from './purchase-hold.use-case';
import type { IdempotencyStore } from './idempotency';
import { expireOverdueHolds } from './end-holds';
import { holdsRepository } from './holds.repository';
import type { PaymentGateway } from './payment-gateway';
import type { Registry } from 'prom-client';
import type { EventBus } from '../../lib/events';
import { createCheckout, createCheckoutLanes, type CheckoutLanesOptions } from './checkout-lanes';
import { createPaymentBreaker, type PaymentBreakerOptions } from './payment-breaker';
import { showtimeCancelled } from './release-showtime';

type Deps = {
  db: Db;
  sql: Sql;
  clock: Clock;
  ledger: SeatLedger;
  catalog: CatalogService;
  payments: PaymentGateway;
  events: EventBus;
  /** The till: registers and line (per process), and the breaker around the gateway's charge. */
  checkout: Omit<CheckoutLanesOptions, 'registry'> & { breaker: Omit<PaymentBreakerOptions, 'registry'>; registry?: Registry };
  idempotency: IdempotencyStore;
  limits: { holdTtlSeconds: number; extendSeconds: number; maxSeatsPerHold: number; maxSeatsPerUser: number; maxSeatsPerUserTotal: number };
};

export function createHoldsService(deps: Deps) {
  const { registry } = deps.checkout;
  const checkout = createCheckout(
    createCheckoutLanes({ ...deps.checkout, registry }),
    createPaymentBreaker(deps.payments, { ...deps.checkout.breaker, registry }),
  );
  const manage = { db: deps.db, sql: deps.sql, ledger: deps.ledger, clock: deps.clock, extendSeconds: deps.limits.extendSeconds };

  return {
    /** Holds the listed seats, or the best `count` free ones; `warnings` names seats a hand-pick strands. */
    hold: (userId: string, showtimeId: string, request: HoldRequest) => holdSeats(deps, userId, showtimeId, request),
    /** The seats a count hold would pick now, holding nothing. */
    previewBest: (showtimeId: string, request: BestRequest) => previewBestSeats(deps, showtimeId, request),
    previewOrphans: (showtimeId: string, seats: string[]) => previewOrphans(deps, showtimeId, seats),
    get: (userId: string, holdId: string) => getHold(manage, userId, holdId),
    listMine: (userId: string) => listMyHolds(manage, userId),
    release: (userId: string, holdId: string) => releaseOwnHold(manage, userId, holdId),
    extend: (userId: string, holdId: string) => extendOwnHold(manage, userId, holdId),

    /** Runs the purchase once per (user, Idempotency-Key), resuming it after a crash; repeats get the stored answer. */
    async purchase(userId: string, holdId: string, key: string, paymentToken: string) {
      // A hold of a cancelled showtime was released by the cancel; say why. A hold bought before the
      // cancel still answers its stored purchase (a replay), so only unbought ones are refused.
      const hold = await holdsRepository.findById(deps.sql, holdId);
      if (
        hold?.userId === userId &&
        hold.status !== 'purchased' &&
        (await deps.catalog.getShowtime(hold.showtimeId)).status === 'cancelled'
      )
        throw showtimeCancelled();
      return purchaseHold({ ...deps, checkout }, { userId, holdId, key, paymentToken });
    },
    /** The till right now: registers busy, purchases waiting, the payment breaker's state. */
    checkoutState: () => ({ ...checkout.lanes.state(), breaker: checkout.breaker.state() }),

    /** Expires the overdue holds of one showtime (at most `limit`) in one transaction; returns how many. */
    async expireOverdueIn(showtimeId: string, limit?: number) {
      return (await deps.ledger.change(showtimeId, (s) => expireOverdueHolds(s, deps.ledger, limit))).length;
    },
    showtimesWithOverdueHolds: (limit: number) => holdsRepository.showtimesWithOverdue(deps.db, deps.clock.now(), limit),
    listActiveHolds: (take: number, after?: string) => holdsRepository.listActive(deps.db, take, after),
    findHolds: (holdIds: string[]) => holdsRepository.findByIds(deps.sql, holdIds),
    purgeIdempotencyKeys: () => deps.idempotency.purgeExpired(deps.clock.now()),
  };
}

export type HoldsService = ReturnType<typeof createHoldsService>;
