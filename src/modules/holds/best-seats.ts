// Best available for holds: the room prepared for the allocator, the pick inside a hold's turn, the preview
// outside one, and the orphan rule for hand-picked seats. The choice itself is pure (seats/best-available.ts);
// this file decides which seats count as free when it is made.
import { AppError } from '../../lib/errors';
import type { Sql } from '../../db/sql';
import type { CatalogService } from '../catalog';
import { compareLabels } from '../catalog';
import { DEFAULT_BEST_SPOT, pickBestSeats, prepareRoom, seatClaims, strandedBy, type BestRequest, type Room, type SeatTx } from '../seats';

export type HoldWarning = { code: 'ORPHAN_SEAT'; seats: string[] };
type Showtime = Awaited<ReturnType<CatalogService['getShowtime']>>;

/** The showtime's room as the allocator sees it, with its labels and orphan rule. */
export async function roomOf(catalog: CatalogService, showtime: Showtime) {
  const layout = await catalog.seatsOf(showtime.auditoriumId);
  const room = prepareRoom(layout, showtime.auditorium?.bestSpot ?? DEFAULT_BEST_SPOT);
  return { layout, room, orphanRule: showtime.auditorium?.orphanRule ?? 'off' };
}

/** The labels of the room not in `taken`. */
const freeOf = (layout: readonly { label: string }[], taken: Iterable<string>) => {
  const claimed = new Set(taken);
  return new Set(layout.filter((seat) => !claimed.has(seat.label)).map((seat) => seat.label));
};

/** The allocator's choice, or the contract's 409 when there is none. */
export function chooseOrRefuse(room: Room, free: ReadonlySet<string>, request: BestRequest): string[] {
  const pick = pickBestSeats(room, free, request);
  if (pick.found) return pick.seats.sort(compareLabels);
  const wanted = `${request.count} seat${request.count === 1 ? '' : 's'}${request.section ? ` in ${request.section}` : ''}${request.accessible ? ' with an accessible one' : ''}`;
  if (pick.reason === 'SEATS_UNAVAILABLE')
    throw new AppError('SEATS_UNAVAILABLE', `Fewer than ${wanted} are free`, { seats: [], count: request.count });
  throw new AppError('NO_SEATS_TOGETHER', `No ${wanted} together are free`, { count: request.count });
}

/**
 * Inside the hold's turn on the showtime: every claim of the showtime, read after overdue holds were
 * expired (the caller does that), so two count holds in a row see each other's seats and never overlap.
 */
export async function claimsInTurn(s: SeatTx, layout: readonly { label: string }[]) {
  const claims = await seatClaims.ofShowtime(s.sql, s.showtimeId);
  return {
    claims,
    free: freeOf(
      layout,
      claims.map((claim) => claim.seatLabel),
    ),
  };
}

/** The preview: the same choice from the committed seat state, holding nothing. */
export async function previewBestSeats(
  deps: { sql: Sql; catalog: CatalogService; limits: { maxSeatsPerHold: number } },
  showtimeId: string,
  request: BestRequest,
) {
  const max = deps.limits.maxSeatsPerHold;
  if (request.count > max) throw new AppError('VALIDATION_FAILED', `At most ${max} seats per hold`, { field: 'query.count', max });
  const showtime = await deps.catalog.getShowtime(showtimeId);
  const { layout, room } = await roomOf(deps.catalog, showtime);
  const claims = await seatClaims.ofShowtime(deps.sql, showtimeId);
  return chooseOrRefuse(
    room,
    freeOf(
      layout,
      claims.map((claim) => claim.seatLabel),
    ),
    request,
  );
}

/**
 * What holding these hand-picked seats would strand now, and the room's rule, holding nothing: the web app
 * asks before a hold, so in a 'warn' room it can warn first. The hold itself checks again in its transaction.
 */
export async function previewOrphans(deps: { sql: Sql; catalog: CatalogService }, showtimeId: string, seats: string[]) {
  const showtime = await deps.catalog.getShowtime(showtimeId);
  const { layout, room, orphanRule } = await roomOf(deps.catalog, showtime);
  const known = new Set(layout.map((seat) => seat.label));
  const unknown = seats.filter((label) => !known.has(label));
  if (unknown.length > 0) throw new AppError('VALIDATION_FAILED', `No such seat: ${unknown.join(', ')}`, { field: 'query.seats', unknown });
  const claims = await seatClaims.ofShowtime(deps.sql, showtimeId);
  const free = freeOf(
    layout,
    claims.map((claim) => claim.seatLabel),
  );
  const stranded = seats.every((label) => free.has(label)) ? strandedBy(room, free, seats).sort(compareLabels) : [];
  return { rule: orphanRule, stranded };
}

/** The orphan rule on hand-picked seats: what they needlessly strand, refused (enforce) or warned about. */
export function applyOrphanRule(rule: 'off' | 'warn' | 'enforce', room: Room, free: ReadonlySet<string>, seats: string[]): HoldWarning[] {
  if (rule === 'off') return [];
  const stranded = strandedBy(room, free, seats).sort(compareLabels);
  if (stranded.length === 0) return [];
  if (rule === 'enforce') {
    throw new AppError('ORPHAN_SEAT', `This choice leaves ${stranded.join(', ')} alone; move it over a seat`, { seats: stranded });
  }
  return [{ code: 'ORPHAN_SEAT', seats: stranded }];
}
