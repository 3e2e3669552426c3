export { createSeatLedger, SeatTx, type SeatLedger, type SeatHooks, type EndedHold, type HoldOutcome } from './seat-ledger';
export { seatClaims, chunks } from './seat-claims';
export { pickBestSeats } from './best-available';
export { strandedBy } from './stranded-seats';
export { prepareRoom, DEFAULT_BEST_SPOT, type AllocatorSeat, type BestSpot, type BestRequest, type BestPick, type Room } from './room';
