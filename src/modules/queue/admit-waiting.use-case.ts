// The admission tick of one showtime, which any instance may run at any time:
//   1. lock the room row (Postgres: FOR UPDATE; SQLite: the one writer), so one clock runs per showtime;
//   2. lapse waiting tickets without a heartbeat, and end admissions whose time is over;
//   3. at the first tick at/after opensAt, draw the early tickets' order from the room's seed, once;
//   4. earn budget (rate x time since the last tick, carried in the row) and admit that many, in line order,
//      within maxActive; then tell the admitted and everyone whose place moved (after commit).
// Two instances ticking at once: the second waits for the lock and finds no time elapsed, so admits nothing.
import { accrueBudget, admissionsNow, budgetAfter, drawOrder, etaSeconds, measuredRate } from './queue-rules';
import { appendLog, type QueueOptions } from './queue.deps';
import { queueRepository as repo, type RoomRow, type TicketRow } from './queue.repository';
import type { Sql } from '../../db/sql';

const RATE_WINDOW_SECONDS = 300;

export type TickResult = { admitted: TicketRow[]; waiting: Array<{ ticket: TicketRow; position: number; etaSeconds: number }> };

export async function runAdmissionTick(deps: QueueOptions, showtimeId: string): Promise<TickResult> {
  const result = await deps.sql.transaction((sql) => tickLocked(deps, sql, showtimeId));
  announceAdmissions(deps, showtimeId, result.admitted);
  for (const { ticket, position, etaSeconds } of result.waiting) {
    deps.events.emit('queue.position', { ticketId: ticket.id, userId: ticket.userId, showtimeId, position, etaSeconds });
  }
  return result;
}

/** Tells each newly admitted fan, after the commit that admitted them. */
export function announceAdmissions(deps: QueueOptions, showtimeId: string, admitted: TicketRow[]) {
  for (const ticket of admitted) {
    deps.events.emit('queue.admitted', {
      ticketId: ticket.id,
      userId: ticket.userId,
      showtimeId,
      admittedUntil: ticket.admittedUntil as Date,
    });
  }
}

/** The tick's work inside an open transaction (joins run it too, right after placing a ticket). */
export async function tickLocked(deps: QueueOptions, sql: Sql, showtimeId: string): Promise<TickResult> {
  const none: TickResult = { admitted: [], waiting: [] };
  const room = await repo.findRoom(sql, showtimeId, true);
  if (!room?.enabled) return none;
  const now = deps.clock.now();
  const lapsed = await repo.staleWaitingIds(sql, showtimeId, new Date(now.getTime() - deps.heartbeatTimeoutSeconds * 1000));
  await repo.end(sql, lapsed, 'expired', now);
  for (const id of lapsed) await appendLog(sql, showtimeId, now, 'lapse', { ticket: id, reason: 'no heartbeat' });
  await repo.end(sql, await repo.overAdmissionIds(sql, showtimeId, now), 'expired', now);
  if (now < room.opensAt) return none;

  const drew = room.drawnAt === null;
  if (drew) await draw(sql, room, now);
  const lastTickAt = room.lastTickAt ?? room.opensAt;
  const budget = accrueBudget(room.budget, lastTickAt, now, room.admitPerMinute);
  const waiting = await repo.waitingTickets(sql, showtimeId);
  const active = await repo.countActive(sql, showtimeId, now);
  const count = admissionsNow({ budget, waiting: waiting.length, active, maxActive: room.maxActive });
  const admitted = waiting.slice(0, count);
  const until = new Date(now.getTime() + deps.admissionMinutes * 60_000);
  await repo.admit(
    sql,
    admitted.map((ticket) => ticket.id),
    now,
    until,
  );
  if (count > 0)
    await appendLog(sql, showtimeId, now, 'admit', { tickets: admitted.map((ticket) => ticket.id), until: until.toISOString() });
  const rest = waiting.slice(count);
  await repo.updateClock(sql, { ...room, budget: budgetAfter(budget, count, rest.length), lastTickAt: now }, now);

  const moved = count > 0 || drew || lapsed.length > 0;
  const perMinute = await currentRate(sql, room, now);
  return {
    admitted: admitted.map((ticket) => ({ ...ticket, status: 'admitted', admittedAt: now, admittedUntil: until })),
    waiting: moved ? rest.map((ticket, index) => ({ ticket, position: index + 1, etaSeconds: etaSeconds(index + 1, perMinute) })) : [],
  };
}

/** The opening's draw: every early ticket still waiting, ordered by HMAC(seed, ticketId), recorded with the seed. */
async function draw(sql: Sql, room: RoomRow, now: Date) {
  const early = (await repo.waitingTickets(sql, room.showtimeId)).filter((ticket) => ticket.early && ticket.queueOrder === null);
  const order = drawOrder(
    room.seed,
    early.map((ticket) => ticket.id),
  );
  await repo.setPlaces(
    sql,
    order.map((id, index) => ({ id, queueOrder: index + 1 })),
  );
  await appendLog(sql, room.showtimeId, now, 'draw', { seed: room.seed, order });
  // The clock starts at the opening, with one admission ready: the first in line goes in at once.
  Object.assign(room, { drawnAt: now, nextOrder: order.length + 1, lastTickAt: room.opensAt, budget: 1 });
}

/** Admissions a minute as measured over the last five minutes (the configured rate until there is history). */
export async function currentRate(sql: Sql, room: RoomRow, now: Date) {
  if (!room.drawnAt) return room.admitPerMinute;
  const windowSeconds = Math.min(RATE_WINDOW_SECONDS, (now.getTime() - room.drawnAt.getTime()) / 1000);
  const since = new Date(now.getTime() - windowSeconds * 1000);
  return measuredRate(await repo.countAdmittedSince(sql, room.showtimeId, since), windowSeconds, room.admitPerMinute);
}
