// Hold seats: validate the labels against the room; refuse at once if a seat is visibly taken; then in
// one showtime transaction: refuse if any seat is taken (409 naming them; an overdue hold in the way is
// expired first), the user would pass the per-showtime cap, or the cap on seats held across all showtimes
// (against hoarding many showtimes at once), then insert the hold and its claims.
// All or nothing.
import { AppError } from '../../lib/errors';
import { addSeconds, type Clock } from '../../lib/clock';
import type { Sql } from '../../db/sql';
import { isUniqueViolation } from '../../db/errors';
import { auditRepository } from '../audit';
import { compareLabels, type CatalogService } from '../catalog';
import { holdsRepository } from './holds.repository';
import { expireOverdueHolds } from './end-holds';
import { toHoldView } from './hold-view';
import type { SeatLedger } from '../seats';
import { seatClaims } from '../seats';

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

export async function holdSeats({ sql, clock, ledger, catalog, limits }: Deps, userId: string, showtimeId: string, requested: string[]) {
  const showtime = await catalog.getShowtime(showtimeId);
  const seats = [...new Set(requested)].sort(compareLabels);
  if (seats.length !== requested.length) {
    throw new AppError('VALIDATION_FAILED', 'A seat is listed twice', { field: 'body.seats' });
  }
  if (seats.length > limits.maxSeatsPerHold) {
    throw new AppError('VALIDATION_FAILED', `At most ${limits.maxSeatsPerHold} seats per hold`, { field: 'body.seats', max: limits.maxSeatsPerHold });
  }
  const known = labelsOf(await catalog.seatsOf(showtime.auditoriumId));
  const unknown = seats.filter((label) => !known.has(label));
  if (unknown.length > 0) {
    throw new AppError('VALIDATION_FAILED', `No such seat: ${unknown.join(', ')}`, { field: 'body.seats', unknown });
  }

  // Fast refusal: a seat that is sold, or held by a hold still within its deadline, cannot be had, and
  // saying so needs no lock. The read sees committed data only, so the answer was true when it was read.
  const blocked = await holdsRepository.liveClaimsOn(sql, showtimeId, seats, clock.now());
  if (blocked.length > 0) {
    throw new AppError('SEATS_UNAVAILABLE', `Just taken: ${blocked.sort(compareLabels).join(', ')}`, { seats: blocked });
  }

  try {
    return await ledger.change(showtimeId, async (s) => {
      if (new Date(showtime.startsAt) <= s.now) throw new AppError('SHOWTIME_STARTED', 'This showtime has already started');
      // One read answers both questions: which requested seats are taken, and how many the user has.
      let claims = await seatClaims.ofSeatsOrUser(s.sql, showtimeId, seats, userId);
      const requested = new Set(seats);
      const count = () => ({
        taken: claims.filter((claim) => requested.has(claim.seatLabel)).map((claim) => claim.seatLabel),
        mine: claims.filter((claim) => claim.userId === userId).length,
      });
      let { taken, mine } = count();
      // A hold past its deadline counts as expired everywhere: if one is in the way (on a requested seat,
      // or within the user's cap), expire the showtime's overdue holds now, in this transaction.
      if (taken.length > 0 || mine + seats.length > limits.maxSeatsPerUser) {
        if ((await expireOverdueHolds(s, ledger)).length > 0) {
          claims = await seatClaims.ofSeatsOrUser(s.sql, showtimeId, seats, userId);
          ({ taken, mine } = count());
        }
      }
      if (taken.length > 0) {
        throw new AppError('SEATS_UNAVAILABLE', `Just taken: ${taken.sort(compareLabels).join(', ')}`, { seats: taken });
      }
      if (mine + seats.length > limits.maxSeatsPerUser) {
        throw new AppError('HOLD_LIMIT_EXCEEDED', `At most ${limits.maxSeatsPerUser} seats per person for a showtime`, {
          max: limits.maxSeatsPerUser,
          current: mine,
          requested: seats.length,
        });
      }
      const heldEverywhere = await holdsRepository.lockAndCountHeldSeatsOfUser(s.sql, userId, s.now);
      if (heldEverywhere + seats.length > limits.maxSeatsPerUserTotal) {
        throw new AppError('SEAT_LIMIT_EXCEEDED', `At most ${limits.maxSeatsPerUserTotal} seats held at once across all showtimes; buy or release some first`, {
          max: limits.maxSeatsPerUserTotal,
          current: heldEverywhere,
          requested: seats.length,
        });
      }
      const expiresAt = addSeconds(s.now, limits.holdTtlSeconds);
      const hold = await holdsRepository.insertHold(s.sql, { showtimeId, userId, seats, expiresAt, createdAt: s.now });
      await auditRepository.record(s.sql, [{ showtimeId, userId, action: 'hold.created', seats, holdId: hold.id, at: s.now }]);
      s.mark(seats, 'held');
      s.emit('hold.scheduled', { holdId: hold.id, userId, showtimeId, expiresAt });
      return toHoldView(hold, s.now);
    });
  } catch (error) {
    // The claim's primary key is the final guard; if it fires, the answer is the same 409.
    if (isUniqueViolation(error)) throw new AppError('SEATS_UNAVAILABLE', 'A seat was just taken', { seats });
    throw error;
  }
}
