// Every change to the seats of a showtime goes through `ledger.change(showtimeId, work)`:
//   1. open a database transaction and lock the showtime row (bumping its seat version), so changes to one
//      showtime happen one at a time on SQLite and Postgres alike;
//   2. run `work`, which records seat changes and events on the SeatTx;
//   3. let the hooks react inside the same transaction (the waitlist claims freed seats here, so they
//      never flash "available" to the public first);
//   4. if nothing changed, step the seat version back; commit, then emit the events.
// The unique key on SeatClaim stays the last line of defence: even a writer that skipped the lock
// could never claim a seat twice.
//
// One kind of transaction, start to end: every change runs on the plain-SQL runner (src/db/sql.ts: the
// driver itself, better-sqlite3 or pg), and everything inside it, the work and the hooks (the waitlist),
// uses `s.sql`. There is no Prisma handle in a seat change, so nothing can switch paths half-way.
import { type Sql, type SqlDatabase } from '../../db/sql';
import type { Clock } from '../../lib/clock';
import { notFound } from '../../lib/errors';
import type { DomainEvents, EventBus, EventName, SeatStatus } from '../../lib/events';
import type { Columns } from '../../db/tables';

export type HoldOutcome = 'released' | 'expired' | 'purchased';
export type EndedHold = { id: string; userId: string; showtimeId: string; seats: string[]; waitlistEntryId: string | null };

export class SeatTx {
  readonly changes = new Map<string, SeatStatus>();
  readonly freed: string[] = [];
  private readonly pending: Array<() => void> = [];
  constructor(
    /** The transaction: every statement of the change runs on it. */
    readonly sql: Sql,
    readonly showtimeId: string,
    readonly now: Date,
    private readonly events: EventBus,
    /** The theater cancelled the showtime (read under the lock): it takes no new holds, joins or purchases. */
    readonly cancelled = false,
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

/**
 * Takes the showtime's row lock by moving its seat version on by `step`; returns the new version and the
 * showtime's status (as of the lock: a cancel takes the same lock), or undefined when there is no such showtime. One statement both locks and bumps: most changes change
 * seats, and a change that turns out to change none steps the version back before it commits.
 */
async function stepSeatVersion(sql: Sql, showtimeId: string, step: 1 | -1) {
  const [row] = await sql.all<Columns<'Showtime', 'seatVersion' | 'status'>>(
    `UPDATE "Showtime" SET "seatVersion" = "seatVersion" ${step > 0 ? '+' : '-'} 1 WHERE "id" = ? RETURNING "seatVersion", "status"`,
    [showtimeId],
  );
  return row === undefined ? undefined : { seatVersion: Number(row.seatVersion), status: row.status };
}

export function createSeatLedger(deps: { sql: SqlDatabase; clock: Clock; events: EventBus }) {
  const hooks: SeatHooks[] = [];

  /** Steps 1-4 of the header, in one plain-SQL transaction; the events go out after the commit. */
  async function change<T>(showtimeId: string, work: (s: SeatTx) => Promise<T>): Promise<T> {
    const { s, value } = await deps.sql.transaction(async (sql) => {
      const locked = await stepSeatVersion(sql, showtimeId, 1);
      if (locked === undefined) throw notFound('Showtime');
      const { seatVersion, status } = locked;
      const s = new SeatTx(sql, showtimeId, deps.clock.now(), deps.events, status === 'cancelled');
      const value = await work(s);
      // Offers may free seats again (an entry that can no longer be served), so loop until quiet.
      for (let handled = 0; handled < s.freed.length;) {
        const batch = s.freed.slice(handled);
        handled = s.freed.length;
        for (const hook of hooks) await hook.onSeatsFreed?.(s, batch);
      }
      if (s.changes.size === 0) await stepSeatVersion(sql, showtimeId, -1);
      else {
        const changes = [...s.changes].map(([label, status]) => ({ label, status }));
        s.emit('seats.changed', { showtimeId, version: seatVersion, changes });
      }
      return { s, value };
    });
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
