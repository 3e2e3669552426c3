// Read, release and extend a hold. Only the owner may touch a hold; to anyone else it does not exist.
// A hold past its deadline answers 410 HOLD_EXPIRED, and is expired on the spot if the engine has not
// got to it yet (it would a moment later anyway).
import { AppError, notFound } from '../../lib/errors';
import type { Clock } from '../../lib/clock';
import type { Db } from '../../db/client';
import type { Sql } from '../../db/sql';
import { auditRepository } from '../audit';
import { holdsRepository, type HoldRow } from './holds.repository';
import { expireOverdueHolds, releaseHold } from './end-holds';
import { toHoldView } from './hold-view';
import type { SeatLedger } from '../seats';

type Deps = { db: Db; sql: Sql; ledger: SeatLedger; clock: Clock; extendSeconds: number };

export async function findOwnHold({ sql }: Pick<Deps, 'sql'>, userId: string, holdId: string): Promise<HoldRow> {
  const hold = await holdsRepository.findById(sql, holdId);
  if (!hold || hold.userId !== userId) throw notFound('Hold');
  return hold;
}

export const holdExpired = () => new AppError('HOLD_EXPIRED', 'This hold has expired; its seats were released');
export const holdNotActive = (status: HoldRow['status']) => new AppError('HOLD_NOT_ACTIVE', `This hold is already ${status}`, { status });

export async function getHold(deps: Deps, userId: string, holdId: string) {
  return toHoldView(await findOwnHold(deps, userId, holdId), deps.clock.now());
}

export async function listMyHolds(deps: Deps, userId: string) {
  const now = deps.clock.now();
  return (await holdsRepository.listActiveOfUser(deps.db, userId, now)).map((hold) => toHoldView(hold, now));
}

/** DELETE /api/holds/:id. Releasing an already released hold is a no-op (DELETE is idempotent). */
export async function releaseOwnHold(deps: Deps, userId: string, holdId: string) {
  const hold = await findOwnHold(deps, userId, holdId);
  const outcome = await deps.ledger.change(hold.showtimeId, async (s) => {
    if (await releaseHold(s, deps.ledger, hold, userId)) return 'released';
    await expireOverdueHolds(s, deps.ledger);
    return (await holdsRepository.findById(s.sql, holdId))?.status ?? 'released';
  });
  if (outcome === 'expired') throw holdExpired();
  if (outcome === 'purchased') throw holdNotActive('purchased');
}

/** POST /api/holds/:id/extend: once per hold, by HOLD_EXTEND_SECONDS. */
export async function extendOwnHold(deps: Deps, userId: string, holdId: string) {
  const hold = await findOwnHold(deps, userId, holdId);
  const now = deps.clock.now();
  if (hold.status === 'expired' || (hold.status === 'active' && hold.expiresAt <= now)) throw holdExpired();
  if (hold.status !== 'active') throw holdNotActive(hold.status);
  if (hold.extended) throw new AppError('ALREADY_EXTENDED', 'A hold can be extended only once');

  const expiresAt = new Date(hold.expiresAt.getTime() + deps.extendSeconds * 1000);
  // No seat changes, but the same lock as every other hold change keeps the expiry engine's
  // "overdue under the lock stays overdue" promise true.
  const extended = await deps.ledger.change(hold.showtimeId, async (s) => {
    if (!(await holdsRepository.extend(s.sql, hold, expiresAt, s.now))) return undefined;
    await auditRepository.record(s.sql, [
      { showtimeId: hold.showtimeId, userId, action: 'hold.extended', seats: hold.seats, holdId, at: s.now },
    ]);
    s.emit('hold.scheduled', { holdId, userId, showtimeId: hold.showtimeId, expiresAt });
    return holdsRepository.findById(s.sql, holdId);
  });
  if (extended) return toHoldView(extended, now);
  // Lost a race: say why from the hold's current state.
  const current = await findOwnHold(deps, userId, holdId);
  if (current.status === 'expired' || current.expiresAt <= deps.clock.now()) throw holdExpired();
  if (current.extended) throw new AppError('ALREADY_EXTENDED', 'A hold can be extended only once');
  throw holdNotActive(current.status);
}
