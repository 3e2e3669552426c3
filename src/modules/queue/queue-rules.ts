// The waiting room's rules, as pure functions: the opening draw's order, the admission budget and the
// ETA. The service applies them under the room's lock; the log verifier and the tests re-apply them.
import { createHash, createHmac } from 'node:crypto';

/** The public commitment to a draw seed, published when the room is set up and checked at the draw. */
export const seedHashOf = (seed: string) => createHash('sha256').update(seed).digest('hex');

/** A ticket's draw score: HMAC-SHA256(seed, ticketId). Nobody can aim for a low one without the seed. */
export const drawScore = (seed: string, ticketId: string) => createHmac('sha256', seed).update(ticketId).digest('hex');

/** The opening's random order: ticket ids by draw score, then by id (a tie is all but impossible). */
export function drawOrder(seed: string, ticketIds: readonly string[]): string[] {
  const scored = ticketIds.map((id) => ({ id, score: drawScore(seed, id) }));
  scored.sort((a, b) => (a.score < b.score ? -1 : a.score > b.score ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return scored.map((entry) => entry.id);
}

/**
 * Admissions earned by `now`: the carried budget plus rate x elapsed time since the last tick. At most one
 * minute's worth is banked, so a stalled line cannot release a burst later.
 */
export function accrueBudget(budget: number, lastTickAt: Date, now: Date, admitPerMinute: number): number {
  const elapsedMs = Math.max(0, now.getTime() - lastTickAt.getTime());
  return Math.min(budget + (elapsedMs * admitPerMinute) / 60_000, Math.max(1, admitPerMinute));
}

/** How many to admit now: whole admissions of the budget, no more than wait, and no more than the cap allows. */
export function admissionsNow(input: { budget: number; waiting: number; active: number; maxActive: number | null }): number {
  const room = input.maxActive === null ? Infinity : Math.max(0, input.maxActive - input.active);
  // 1e-9: 0.1 + 0.2 + ... style sums of fractions must not lose a whole admission to rounding.
  return Math.max(0, Math.min(Math.floor(input.budget + 1e-9), input.waiting, room));
}

/** The budget left after admitting; an empty line banks at most one admission (the next arrival's). */
export function budgetAfter(budget: number, admitted: number, stillWaiting: number): number {
  const left = Math.max(0, budget - admitted);
  return stillWaiting === 0 ? Math.min(left, 1) : left;
}

/** Seconds until `position` is admitted at `perMinute` admissions a minute, plus `delaySeconds` first. */
export function etaSeconds(position: number, perMinute: number, delaySeconds = 0): number {
  const rate = Math.max(perMinute, 1e-6);
  return Math.max(0, Math.ceil(delaySeconds + (position * 60) / rate));
}

/**
 * The admission rate measured over the last five minutes of admissions; the configured rate until a
 * minute of history exists (or when nothing was admitted yet).
 */
export function measuredRate(admittedInWindow: number, windowSeconds: number, configured: number): number {
  if (windowSeconds < 60 || admittedInWindow === 0) return configured;
  return (admittedInWindow * 60) / windowSeconds;
}
