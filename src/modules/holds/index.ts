export { createHoldsService, type HoldsService } from './holds.service';
export { holdsRoutes, type HoldLimiters } from './holds.routes';
export { createExpiryEngine, type ExpiryEngine } from './expiry-engine';
export { createIdempotencyStore } from './idempotency';
export { createFakePaymentGateway, PaymentGatewayError, type PaymentGateway } from './payment-gateway';
export { holdsRepository, type HoldRow } from './holds.repository';
export { toHoldView, type HoldView } from './hold-view';
export { releaseHoldsOfShowtime, holdersOfShowtime } from './release-showtime';
