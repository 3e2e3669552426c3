// The waiting room in front of a showtime's seats (docs/queues.md): admins set it up; fans queue, are
// admitted at the room's rate by the admission tick (admit-waiting.use-case.ts), and hold seats only
// while their admission lasts. Every change locks the room row, so one order and one clock hold for
// every instance.
import { randomBytes } from 'node:crypto';
import { AppError, notFound } from '../../lib/errors';
import { announceAdmissions, currentRate, runAdmissionTick, tickLocked } from './admit-waiting.use-case';
import { verifyQueueLog } from './queue-log';
import { etaSeconds, seedHashOf } from './queue-rules';
import { appendLog, type QueueOptions } from './queue.deps';
import { queueLogRepository } from './queue-log.repository';
import { queueRepository as repo, type RoomRow, type TicketRow } from './queue.repository';
import type { Sql } from '../../db/sql';
import type { RoomSettings } from './waiting-room.schemas';

export function createWaitingRoomService(deps: QueueOptions) {
  const { sql, clock } = deps;

  async function toTicketView(runner: Sql, ticket: TicketRow, room: RoomRow | undefined) {
    const now = clock.now();
    const base = { id: ticket.id, showtimeId: ticket.showtimeId, status: ticket.status, joinedAt: ticket.joinedAt.toISOString() };
    if (ticket.status !== 'waiting' || !room) {
      const admittedUntil = ticket.admittedUntil?.toISOString();
      return { ...base, position: null, etaSeconds: 0, ...(admittedUntil && { admittedUntil }) };
    }
    const perMinute = await currentRate(runner, room, now);
    if (ticket.queueOrder === null) {
      // Before the draw nobody has a place: the ETA is the wait for the opening plus half the early crowd.
      const early = await repo.countEarlyWaiting(runner, ticket.showtimeId);
      const untilOpening = Math.max(0, (room.opensAt.getTime() - now.getTime()) / 1000);
      return { ...base, position: null, etaSeconds: etaSeconds(Math.ceil(early / 2), perMinute, untilOpening) };
    }
    const position = (await repo.countWaitingAhead(runner, ticket.showtimeId, ticket.queueOrder)) + 1;
    return { ...base, position, etaSeconds: etaSeconds(position, perMinute) };
  }

  async function roomView(room: RoomRow) {
    const waiting = await repo.countEarlyWaiting(sql, room.showtimeId);
    return {
      showtimeId: room.showtimeId,
      enabled: room.enabled,
      opensAt: room.opensAt.toISOString(),
      admitPerMinute: room.admitPerMinute,
      maxActive: room.maxActive,
      seedHash: room.seedHash,
      // The seed stays secret until the draw, so nobody can pick a ticket id that sorts first.
      seed: room.drawnAt ? room.seed : null,
      drawnAt: room.drawnAt?.toISOString() ?? null,
      waiting,
    };
  }

  async function liveRoom(showtimeId: string) {
    const room = await repo.findRoom(sql, showtimeId);
    if (!room?.enabled) throw notFound('Waiting room');
    return room;
  }

  async function endTicket(ticket: TicketRow) {
    await sql.transaction(async (tx) => {
      const room = await repo.findRoom(tx, ticket.showtimeId, true);
      const current = await repo.findTicket(tx, ticket.id);
      if (!room || (current?.status !== 'waiting' && current?.status !== 'admitted')) return;
      const now = clock.now();
      await repo.end(tx, [ticket.id], 'left', now);
      await appendLog(tx, ticket.showtimeId, now, 'leave', { ticket: ticket.id });
      // A live admission given back early is one more admission now.
      if (current.status === 'admitted' && current.admittedUntil && current.admittedUntil > now) {
        await repo.updateClock(tx, { ...room, budget: room.budget + 1 }, now);
      }
    });
    await runAdmissionTick(deps, ticket.showtimeId);
  }

  // A fan who bought their seats is done: their admission goes back at once instead of blocking a place
  // until it times out. After the purchase's commit, so a failure here never touches the booking.
  deps.events.on('booking.confirmed', ({ userId, showtimeId }) => {
    void (async () => {
      const ticket = await repo.findLiveTicket(sql, showtimeId, userId);
      if (ticket?.status === 'admitted') await endTicket(ticket);
    })().catch((error) => deps.logger.warn({ err: error, showtimeId }, "could not give a buyer's admission back; it times out"));
  });

  return {
    tick: (showtimeId: string) => runAdmissionTick(deps, showtimeId),

    /** One tick per enabled room; a failing room does not stop the others. */
    async tickAll(onError: (error: unknown, showtimeId: string) => void) {
      for (const showtimeId of await repo.enabledRoomIds(sql)) {
        await runAdmissionTick(deps, showtimeId).catch((error) => onError(error, showtimeId));
      }
    },

    async configure(showtimeId: string, settings: RoomSettings) {
      await deps.catalog.getShowtime(showtimeId);
      const now = clock.now();
      const room = await sql.transaction(async (tx) => {
        const existing = await repo.findRoom(tx, showtimeId, true);
        const opensAt = settings.opensAt ? new Date(settings.opensAt) : (existing?.opensAt ?? now);
        const fields = { showtimeId, enabled: settings.enabled, opensAt, admitPerMinute: settings.admitPerMinute };
        const maxActive = settings.maxActive ?? null;
        if (existing) await repo.updateSettings(tx, { ...fields, maxActive }, now);
        else {
          const seed = randomBytes(32).toString('hex');
          const blank = { seed, seedHash: seedHashOf(seed), drawnAt: null, budget: 0, lastTickAt: null, nextOrder: 1 };
          await repo.insertRoom(tx, { ...fields, maxActive, ...blank }, now);
        }
        const saved = (await repo.findRoom(tx, showtimeId)) as RoomRow;
        await appendLog(tx, showtimeId, now, 'setup', { ...fields, opensAt: opensAt.toISOString(), maxActive, seedHash: saved.seedHash });
        return saved;
      });
      return roomView(room);
    },

    async getRoom(showtimeId: string) {
      const room = await repo.findRoom(sql, showtimeId);
      if (!room) throw notFound('Waiting room');
      return roomView(room);
    },

    /** Queues the caller; `created` is false when they already had a live ticket (it is returned as it is). */
    async join(userId: string, showtimeId: string) {
      await liveRoom(showtimeId);
      const { ticket, room, created, tick } = await sql.transaction(async (tx) => {
        // Admit first whoever is due, so a newcomer never lands ahead of them (and the draw is done).
        const before = await tickLocked(deps, tx, showtimeId);
        const room = (await repo.findRoom(tx, showtimeId, true)) as RoomRow;
        const existing = await repo.findLiveTicket(tx, showtimeId, userId);
        if (existing || !room.enabled) return { ticket: existing, room, created: false, tick: before };
        const now = clock.now();
        const early = room.drawnAt === null;
        const queueOrder = early ? null : room.nextOrder;
        const ticket = await repo.insertTicket(tx, { showtimeId, userId, joinedAt: now, early, queueOrder });
        if (!early) await repo.updateClock(tx, { ...room, nextOrder: room.nextOrder + 1 }, now);
        await appendLog(tx, showtimeId, now, 'join', { ticket: ticket.id, joinedAt: now.toISOString(), early, order: queueOrder });
        // An open room with no line admits at once when its budget allows.
        const after = early ? { admitted: [], waiting: [] } : await tickLocked(deps, tx, showtimeId);
        const admittedNow = after.admitted.find((admitted) => admitted.id === ticket.id);
        return {
          ticket: admittedNow ?? ticket,
          room,
          created: true,
          tick: { admitted: [...before.admitted, ...after.admitted], waiting: after.waiting },
        };
      });
      if (!ticket) throw notFound('Waiting room');
      announceAdmissions(deps, showtimeId, tick.admitted);
      return { ticket: await toTicketView(sql, ticket, room), created };
    },

    /** The caller's ticket; reading it is the heartbeat that keeps a waiting place. */
    async get(userId: string, ticketId: string) {
      const ticket = await repo.findTicket(sql, ticketId);
      if (!ticket || ticket.userId !== userId) throw notFound('Ticket');
      if (ticket.status === 'waiting') await repo.touch(sql, ticketId, clock.now());
      return toTicketView(sql, ticket, await repo.findRoom(sql, ticket.showtimeId));
    },

    /** Leaves the line, or gives an admission back early: its place goes to the next in line at once. */
    async leave(userId: string, ticketId: string) {
      const ticket = await repo.findTicket(sql, ticketId);
      if (!ticket || ticket.userId !== userId) throw notFound('Ticket');
      await endTicket(ticket);
    },

    /** Throws NOT_ADMITTED when the showtime's room is on and the caller holds no live admission. */
    async requireAdmission(userId: string, showtimeId: string) {
      const room = await repo.findRoom(sql, showtimeId);
      if (!room?.enabled) return;
      const ticket = await repo.findLiveTicket(sql, showtimeId, userId);
      const now = clock.now();
      if (ticket?.status === 'admitted' && ticket.admittedUntil && ticket.admittedUntil > now) return;
      throw new AppError('NOT_ADMITTED', 'This showtime has a waiting room: queue first, and hold seats once admitted', {
        showtimeId,
        ...(ticket && { ticketId: ticket.id }),
      });
    },

    async log(showtimeId: string) {
      const records = await queueLogRepository.listLog(sql, showtimeId);
      return { showtimeId, ...verifyQueueLog(showtimeId, records), records };
    },
  };
}

export type WaitingRoomService = ReturnType<typeof createWaitingRoomService>;
