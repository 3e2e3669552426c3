import type { HoldRow } from './holds.repository';

/** A hold as clients see it. Past its deadline a hold reads as expired even before the engine runs. */
export function toHoldView(hold: HoldRow, now: Date) {
  const status = hold.status === 'active' && hold.expiresAt <= now ? 'expired' : hold.status;
  return {
    id: hold.id,
    showtimeId: hold.showtimeId,
    seats: hold.seats,
    status,
    expiresAt: hold.expiresAt.toISOString(),
    createdAt: hold.createdAt.toISOString(),
    extended: hold.extended,
    waitlistEntryId: hold.waitlistEntryId,
  };
}

export type HoldView = ReturnType<typeof toHoldView>;
