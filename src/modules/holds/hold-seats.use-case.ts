// Hold seats, hand-picked ({seats}) or best available ({count, section?, accessible?}). Hand-picked: validate
// the labels against the room; refuse at once if a seat is visibly taken. Then in one showtime transaction:
// refuse if any seat is taken (409 naming them; an overdue hold in the way is expired first) or, with
// count, pick the best free seats there (after expiring overdue holds), so concurrent picks take turns;
// apply the room's orphan rule to hand-picked seats; refuse past the per-showtime cap or the cap across
// all showtimes (against hoarding); insert the hold and its claims. All or nothing.
import { AppError } from '../../lib/errors';
import { addSeconds, type Clock } from '../../lib/clock';
import type { Sql } from '../../db/sql';
import { isUniqueViolation } from '../../db/errors';
import { auditRepository } from '../audit';
import { compareLabels, type CatalogService } from '../catalog';
import { holdsRepository } from './holds.repository';
import { expireOverdueHolds } from './end-holds';
import { showtimeCancelled } from './release-showtime';
import { toHoldView } from './hold-view';
import type { SeatLedger, SeatTx } from '../seats';
import { seatClaims, type BestRequest } from '../seats';
import { applyOrphanRule, chooseOrRefuse, claimsInTurn, roomOf, type HoldWarning } from './best-seats';

export type HoldRequest = { seats: string[] } | BestRequest;

type Deps = {
  sql: Sql;
  clock: Clock;
  ledger: SeatLedger;
  catalog: CatalogService;
  limits: { holdTtlSeconds: number; maxSeatsPerHold: number; maxSeatsPerUser: number; maxSeatsPerUserTotal: number };
};

// The labels of a room, made once per cached seat list (the cache hands out the same array until it changes).
const labelSets = new WeakMap<readonly { label: string }[], Set<string>>();
function labelsOf(seats: readonly { label: string }[]) {
  let labels = labelSets.get(seats);
  if (!labels) labelSets.set(seats, (labels = new Set(seats.map((seat) => seat.label))));
  return labels;
}

export async function holdSeats(deps: Deps, userId: string, showtimeId: string, request: HoldRequest) {
  const showtime = await deps.catalog.getShowtime(showtimeId);
  if (showtime.status === 'cancelled') throw showtimeCancelled(); // known from the cache; the turn checks again
  const seats = 'count' in request ? undefined : await checkHandPicked(deps, showtimeId, showtime.auditoriumId, request.seats);
  const size = seats?.length ?? (request as BestRequest).count;
  if (size > deps.limits.maxSeatsPerHold) {
    throw new AppError('VALIDATION_FAILED', `At most ${deps.limits.maxSeatsPerHold} seats per hold`, {
      field: 'body.count',
      max: deps.limits.maxSeatsPerHold,
    });
  }
  const { layout, room, orphanRule } = await roomOf(deps.catalog, showtime);
  const { ledger, limits } = deps;

  try {
    return await ledger.change(showtimeId, async (s) => {
      if (new Date(showtime.startsAt) <= s.now) throw new AppError('SHOWTIME_STARTED', 'This showtime has already started');
      // Read under the showtime lock, which the cancel takes too: no hold can slip in after a cancel.
      if (s.cancelled) throw showtimeCancelled();
      let chosen: string[];
      let warnings: HoldWarning[] = [];
      let heldEverywhere: number;
      // The reads of a turn go out together, and so do the writes: on Postgres (pipelined) each group is
      // one round trip, and the server still runs every statement in order, after the showtime lock.
      if (seats === undefined) {
        // A hold past its deadline counts as expired everywhere: expire them before reading what is free.
        await expireOverdueHolds(s, ledger);
        const [{ claims, free }, held] = await Promise.all([
          claimsInTurn(s, layout),
          holdsRepository.lockAndCountHeldSeatsOfUser(s.sql, userId, s.now),
        ]);
        refuseOverCap(claims.filter((claim) => claim.userId === userId).length, size, limits.maxSeatsPerUser);
        chosen = chooseOrRefuse(room, free, request as BestRequest);
        heldEverywhere = held;
      } else {
        const [turn, roomClaims, held] = await Promise.all([
          takenOrMine(s, ledger, showtimeId, seats, userId, limits.maxSeatsPerUser),
          orphanRule === 'off' ? undefined : claimsInTurn(s, layout),
          holdsRepository.lockAndCountHeldSeatsOfUser(s.sql, userId, s.now),
        ]);
        refuseOverCap(turn.mine, size, limits.maxSeatsPerUser);
        chosen = seats;
        if (orphanRule !== 'off') {
          // Overdue holds expired in the turn free seats the first read still saw taken.
          const { free } = turn.expired || !roomClaims ? await claimsInTurn(s, layout) : roomClaims;
          warnings = applyOrphanRule(orphanRule, room, free, seats);
        }
        heldEverywhere = held;
      }
      if (heldEverywhere + size > limits.maxSeatsPerUserTotal) {
        throw new AppError(
          'SEAT_LIMIT_EXCEEDED',
          `At most ${limits.maxSeatsPerUserTotal} seats held at once across all showtimes; buy or release some first`,
          {
            max: limits.maxSeatsPerUserTotal,
            current: heldEverywhere,
            requested: size,
          },
        );
      }
      const hold = holdsRepository.newHold({
        showtimeId,
        userId,
        seats: chosen,
        expiresAt: addSeconds(s.now, limits.holdTtlSeconds),
        createdAt: s.now,
      });
      await Promise.all([
        holdsRepository.insertHold(s.sql, hold),
        auditRepository.record(s.sql, [{ showtimeId, userId, action: 'hold.created', seats: chosen, holdId: hold.id, at: s.now }]),
      ]);
      s.mark(chosen, 'held');
      s.emit('hold.scheduled', { holdId: hold.id, userId, showtimeId, expiresAt: hold.expiresAt });
      return { hold: toHoldView(hold, s.now), warnings };
    });
  } catch (error) {
    // The claim's primary key is the final guard; if it fires, the answer is the same 409.
    if (isUniqueViolation(error)) throw new AppError('SEATS_UNAVAILABLE', 'A seat was just taken', { seats: seats ?? [] });
    throw error;
  }
}

function refuseOverCap(mine: number, requested: number, max: number) {
  if (mine + requested > max) {
    throw new AppError('HOLD_LIMIT_EXCEEDED', `At most ${max} seats per person for a showtime`, { max, current: mine, requested });
  }
}

/** Hand-picked labels: no repeats, not too many, all in the room, none visibly taken (answered without the lock). */
async function checkHandPicked({ sql, clock, catalog, limits }: Deps, showtimeId: string, auditoriumId: string, requested: string[]) {
  const seats = [...new Set(requested)].sort(compareLabels);
  if (seats.length !== requested.length) {
    throw new AppError('VALIDATION_FAILED', 'A seat is listed twice', { field: 'body.seats' });
  }
  if (seats.length > limits.maxSeatsPerHold) {
    throw new AppError('VALIDATION_FAILED', `At most ${limits.maxSeatsPerHold} seats per hold`, {
      field: 'body.seats',
      max: limits.maxSeatsPerHold,
    });
  }
  const known = labelsOf(await catalog.seatsOf(auditoriumId));
  const unknown = seats.filter((label) => !known.has(label));
  if (unknown.length > 0) {
    throw new AppError('VALIDATION_FAILED', `No such seat: ${unknown.join(', ')}`, { field: 'body.seats', unknown });
  }
  // Fast refusal: a seat that is sold, or held by a hold still within its deadline, cannot be had, and
  // saying so needs no lock. First from the cached seat map when it is provably current (the 409 from
  // memory), else from committed data; either way the answer was true when it was read. Seats that look
  // free are never granted here: the transaction decides.
  const now = clock.now();
  const fromMemory = await catalog.knownTakenSeats(showtimeId, seats, now.getTime());
  const blocked = fromMemory ?? (await holdsRepository.liveClaimsOn(sql, showtimeId, seats, now));
  if (blocked.length > 0) {
    throw new AppError('SEATS_UNAVAILABLE', `Just taken: ${blocked.sort(compareLabels).join(', ')}`, { seats: blocked });
  }
  return seats;
}

/**
 * In the turn: refuses taken seats (expiring overdue holds in the way first); returns the user's seat
 * count for the showtime, and whether it expired any holds.
 */
async function takenOrMine(s: SeatTx, ledger: SeatLedger, showtimeId: string, seats: string[], userId: string, maxSeatsPerUser: number) {
  // One read answers both questions: which requested seats are taken, and how many the user has.
  let claims = await seatClaims.ofSeatsOrUser(s.sql, showtimeId, seats, userId);
  const requested = new Set(seats);
  const count = () => ({
    taken: claims.filter((claim) => requested.has(claim.seatLabel)).map((claim) => claim.seatLabel),
    mine: claims.filter((claim) => claim.userId === userId).length,
  });
  let { taken, mine } = count();
  let expired = false;
  // A hold past its deadline counts as expired everywhere: if one is in the way (on a requested seat,
  // or within the user's cap), expire the showtime's overdue holds now, in this transaction.
  if (taken.length > 0 || mine + seats.length > maxSeatsPerUser) {
    if ((await expireOverdueHolds(s, ledger)).length > 0) {
      expired = true;
      claims = await seatClaims.ofSeatsOrUser(s.sql, showtimeId, seats, userId);
      ({ taken, mine } = count());
    }
  }
  if (taken.length > 0) {
    throw new AppError('SEATS_UNAVAILABLE', `Just taken: ${taken.sort(compareLabels).join(', ')}`, { seats: taken });
  }
  return { mine, expired };
}
