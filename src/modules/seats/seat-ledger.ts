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
// Two kinds of transaction, same guarantees. By default the change runs on a Prisma transaction. With
// `{ plainSql: true }` it first runs on the plain-SQL runner (src/db/sql.ts), many times cheaper, which
// covers the hot paths (hold, release, expiry) as long as `work` and the hooks only use `s.sql`. Work
// that reaches for `s.tx` (Prisma) in such a change rolls it back and the ledger runs it again, from
// the start, on a Prisma transaction: e.g. a release whose seats a waitlist entry is waiting for.
import type { Db, DbClient } from '../../db/client';
import { prismaSql, type Sql, type SqlDatabase } from '../../db/sql';
import type { Clock } from '../../lib/clock';
import { notFound } from '../../lib/errors';
import type { DomainEvents, EventBus, EventName, SeatStatus } from '../../lib/events';

export type HoldOutcome = 'released' | 'expired' | 'purchased';
export type EndedHold = { id: string; userId: string; showtimeId: string; seats: string[]; waitlistEntryId: string | null };

/** Thrown by `SeatTx.tx` in a plain-SQL change: the ledger reruns the work on a Prisma transaction. */
class NeedsPrismaTransaction extends Error {}

export class SeatTx {
  readonly changes = new Map<string, SeatStatus>();
  readonly freed: string[] = [];
  private readonly pending: Array<() => void> = [];
  constructor(
    /** Plain SQL in this transaction. */
    readonly sql: Sql,
    private readonly prisma: DbClient | undefined,
    readonly showtimeId: string,
    readonly now: Date,
    private readonly events: EventBus,
  ) {}
  /** Prisma in this transaction. In a plain-SQL change, asking for it reruns the change on Prisma. */
  get tx(): DbClient {
    if (!this.prisma) throw new NeedsPrismaTransaction();
    return this.prisma;
  }
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
  // Hooks ask `s.sql` first whether they have anything to do: touching `s.tx` makes a plain-SQL change
  // run again on Prisma.
  onSeatsFreed?(s: SeatTx, labels: string[]): Promise<void>;
}

/**
 * Takes the showtime's row lock by moving its seat version on by `step`; returns the new version, or
 * undefined when there is no such showtime. One statement both locks and bumps: most changes change
 * seats, and a change that turns out to change none steps the version back before it commits.
 */
async function stepSeatVersion(sql: Sql, showtimeId: string, step: 1 | -1): Promise<number | undefined> {
  const [row] = await sql.all<{ seatVersion: number | bigint }>(
    `UPDATE "Showtime" SET "seatVersion" = "seatVersion" ${step > 0 ? '+' : '-'} 1 WHERE "id" = ? RETURNING "seatVersion"`,
    [showtimeId],
  );
  return row === undefined ? undefined : Number(row.seatVersion);
}

export function createSeatLedger(deps: { db: Db; sql: SqlDatabase; clock: Clock; events: EventBus }) {
  const hooks: SeatHooks[] = [];

  /** Steps 1-4 of the header, in a transaction opened by `begin`. */
  async function run<T>(
    showtimeId: string,
    work: (s: SeatTx) => Promise<T>,
    begin: (inside: (sql: Sql, prisma?: DbClient) => Promise<{ s: SeatTx; value: T }>) => Promise<{ s: SeatTx; value: T }>,
  ): Promise<T> {
    const { s, value } = await begin(async (sql, prisma) => {
      const seatVersion = await stepSeatVersion(sql, showtimeId, 1);
      if (seatVersion === undefined) throw notFound('Showtime');
      const s = new SeatTx(sql, prisma, showtimeId, deps.clock.now(), deps.events);
      const value = await work(s);
      // Offers may free seats again (an entry that can no longer be served), so loop until quiet.
      for (let handled = 0; handled < s.freed.length; ) {
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

  async function change<T>(showtimeId: string, work: (s: SeatTx) => Promise<T>, options: { plainSql?: boolean } = {}): Promise<T> {
    if (options.plainSql) {
      try {
        return await run(showtimeId, work, (inside) => deps.sql.transaction((sql) => inside(sql)));
      } catch (error) {
        if (!(error instanceof NeedsPrismaTransaction)) throw error;
      }
    }
    return run(showtimeId, work, (inside) =>
      deps.db.$transaction((tx) => inside(prismaSql(tx, deps.sql.kind), tx), {
        // Hot showtimes queue on the lock; wait for it rather than fail.
        maxWait: 30_000,
        timeout: 30_000,
      }),
    );
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
