// Purchase a hold: charge the payment outside any transaction, then in the showtime transaction
// compare-and-set the hold from active-and-unexpired to purchased, create the booking and turn the
// seat claims into sold ones. Racing the expiry at the deadline ends as exactly one of: booking
// confirmed, or 410 with the seats released (and the charge refunded).
import { AppError } from '../../lib/errors';
import type { Clock } from '../../lib/clock';
import type { Db } from '../../db/client';
import type { Sql } from '../../db/sql';
import { auditRepository } from '../audit';
import type { CatalogService } from '../catalog';
import { createBooking, bookingView, type BookingView } from '../bookings';
import { holdsRepository } from './holds.repository';
import { expireOverdueHolds } from './end-holds';
import { findOwnHold, holdExpired, holdNotActive } from './manage-hold.use-case';
import type { PaymentGateway } from './payment-gateway';
import type { SeatLedger } from '../seats';

type Deps = { db: Db; sql: Sql; ledger: SeatLedger; clock: Clock; catalog: CatalogService; payments: PaymentGateway };

export async function purchaseHold(deps: Deps, userId: string, holdId: string, paymentToken: string, idempotencyKey: string): Promise<BookingView> {
  const hold = await findOwnHold(deps, userId, holdId);
  if (hold.status === 'purchased' || hold.status === 'released') throw holdNotActive(hold.status);
  if (hold.status === 'expired' || hold.expiresAt <= deps.clock.now()) {
    await deps.ledger.change(hold.showtimeId, (s) => expireOverdueHolds(s, deps.ledger));
    throw holdExpired();
  }

  const showtime = await deps.catalog.getShowtime(hold.showtimeId);
  const prices = new Map((await deps.catalog.seatsOf(showtime.auditoriumId)).map((seat) => [seat.label, seat.priceCents]));
  const totalCents = hold.seats.reduce((sum, label) => sum + (prices.get(label) ?? 0), 0);

  const charge = await deps.payments.charge({
    amountCents: totalCents,
    paymentToken,
    idempotencyKey: `${userId}:${idempotencyKey}`,
    description: `${hold.seats.length} seat(s) for ${showtime.movieTitle}`,
  });
  if (!charge.ok) throw new AppError('PAYMENT_DECLINED', charge.reason);

  const booking = await deps.ledger.change(hold.showtimeId, async (s) => {
    const moved = await holdsRepository.endHolds(s.sql, [hold.id], 'purchased', s.now, 'before');
    if (moved === 0) {
      await expireOverdueHolds(s, deps.ledger);
      return undefined;
    }
    const created = await createBooking(s.tx, { showtimeId: hold.showtimeId, userId, holdId: hold.id, seats: hold.seats, totalCents, createdAt: s.now });
    await holdsRepository.moveClaimsToBooking(s.tx, hold.id, created.id);
    await auditRepository.record(s.sql, [
      { showtimeId: hold.showtimeId, userId, action: 'booking.confirmed', seats: hold.seats, holdId: hold.id, bookingId: created.id, at: s.now },
    ]);
    await deps.ledger.endHold(s, hold, 'purchased');
    s.mark(hold.seats, 'sold');
    return created;
  });
  if (booking) return bookingView(booking);

  await deps.payments.refund(charge.chargeId);
  const current = await findOwnHold(deps, userId, holdId);
  if (current.status === 'purchased' || current.status === 'released') throw holdNotActive(current.status);
  throw holdExpired();
}
