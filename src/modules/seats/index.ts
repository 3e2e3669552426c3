export { createSeatLedger, SeatTx, type SeatLedger, type SeatHooks, type EndedHold, type HoldOutcome } from './seat-ledger';
export { seatClaims } from './seat-claims';
