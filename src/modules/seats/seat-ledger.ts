// Every change to the seats of a showtime goes through `ledger.change(showtimeId, work)`:
//   1. open a database transaction and lock the showtime row (a no-op update), so changes to one
//      showtime happen one at a time on SQLite and Postgres alike;
//   2. run `work`, which records seat changes and events on the SeatTx;
//   3. let the hooks react inside the same transaction (the waitlist claims freed seats here, so they
//      never flash "available" to the public first);
//   4. bump the showtime's seat version once if anything changed, commit, then emit the events.
// The unique key on SeatClaim stays the last line of defence: even a writer that skipped the lock
// could never claim a seat twice.
import type { Db, DbClient } from '../../db/client';
import type { Clock } from '../../lib/clock';
import { notFound } from '../../lib/errors';
import type { DomainEvents, EventBus, EventName, SeatStatus } from '../../lib/events';

export type HoldOutcome = 'released' | 'expired' | 'purchased';
export type EndedHold = { id: string; userId: string; showtimeId: string; seats: string[]; waitlistEntryId: string | null };

export class SeatTx {
  readonly changes = new Map<string, SeatStatus>();
  readonly freed: string[] = [];
  private readonly pending: Array<() => void> = [];
  constructor(
    readonly tx: DbClient,
    readonly showtimeId: string,
    readonly now: Date,
    private readonly events: EventBus,
  ) {}
  mark(labels: string[], status: SeatStatus) {
    for (const label of labels) this.changes.set(label, status);
    if (status === 'available') this.freed.push(...labels);
  }
  /** Queues a domain event; it is emitted only if the transaction commits. */
  emit<E extends EventName>(event: E, payload: DomainEvents[E]) {
    this.pending.push(() => this.events.emit(event, payload));
  }
  flush() {
    for (const send of this.pending) send();
  }
}

export interface SeatHooks {
  /** A hold ended; runs inside the transaction before its seats are offered to anyone. */
  onHoldEnded?(s: SeatTx, hold: EndedHold, outcome: HoldOutcome): Promise<void>;
  /** Seats became free; runs inside the transaction and may claim them (waitlist offers). */
  onSeatsFreed?(s: SeatTx, labels: string[]): Promise<void>;
}

// The two statements every seat change runs. Plain SQL (the same on SQLite and Postgres) because they are
// on the hottest path and raw statements cost Prisma a fraction of a model query.

/** Takes the showtime's row lock (a no-op update); returns 0 when there is no such showtime. */
const lockShowtime = (tx: DbClient, showtimeId: string) =>
  tx.$executeRaw`UPDATE "Showtime" SET "seatVersion" = "seatVersion" WHERE "id" = ${showtimeId}`;

async function bumpSeatVersion(tx: DbClient, showtimeId: string): Promise<number> {
  const [row] = await tx.$queryRaw<Array<{ seatVersion: number | bigint }>>`
    UPDATE "Showtime" SET "seatVersion" = "seatVersion" + 1 WHERE "id" = ${showtimeId} RETURNING "seatVersion"`;
  return Number(row?.seatVersion);
}

export function createSeatLedger(deps: { db: Db; clock: Clock; events: EventBus }) {
  const hooks: SeatHooks[] = [];

  async function change<T>(showtimeId: string, work: (s: SeatTx) => Promise<T>): Promise<T> {
    const { s, value } = await deps.db.$transaction(
      async (tx) => {
        if ((await lockShowtime(tx, showtimeId)) === 0) throw notFound('Showtime');
        const s = new SeatTx(tx, showtimeId, deps.clock.now(), deps.events);
        const value = await work(s);
        // Offers may free seats again (an entry that can no longer be served), so loop until quiet.
        for (let handled = 0; handled < s.freed.length; ) {
          const batch = s.freed.slice(handled);
          handled = s.freed.length;
          for (const hook of hooks) await hook.onSeatsFreed?.(s, batch);
        }
        if (s.changes.size > 0) {
          const seatVersion = await bumpSeatVersion(tx, showtimeId);
          const changes = [...s.changes].map(([label, status]) => ({ label, status }));
          s.emit('seats.changed', { showtimeId, version: seatVersion, changes });
        }
        return { s, value };
      },
      // Hot showtimes queue on the lock; wait for it rather than fail.
      { maxWait: 30_000, timeout: 30_000 },
    );
    s.flush();
    return value;
  }

  async function endHold(s: SeatTx, hold: EndedHold, outcome: HoldOutcome) {
    for (const hook of hooks) await hook.onHoldEnded?.(s, hold, outcome);
  }

  return {
    change,
    endHold,
    addHooks(more: SeatHooks) {
      hooks.push(more);
    },
  };
}

export type SeatLedger = ReturnType<typeof createSeatLedger>;
