// Releases holds at their deadlines. The deadline lives in the database; this engine only makes the
// release prompt:
//   - one min-heap of (time, hold) entries and ONE timer armed for the earliest, instead of a timer
//     closure per hold; entries for holds that were bought or extended meanwhile are harmless (the
//     release is a compare-and-set that finds nothing to do);
//   - a periodic sweep that finds overdue holds in the database, catching anything a timer missed
//     (another instance's holds, a restart, a clock jump);
//   - at start, every overdue hold is released before the server accepts a request.
// Expiry works per showtime, one transaction for all of its overdue holds, so a storm of deadlines
// costs one transaction per showtime, not one per hold.
import { Heap } from 'heap-js';
import type { Clock } from '../../lib/clock';
import type { EventBus } from '../../lib/events';
import type { Logger } from '../../lib/logger';
import type { HoldsService } from './holds.service';

type Entry = { at: number; kind: 'warn' | 'expire'; holdId: string; userId: string; showtimeId: string; expiresAt: number };
type Deps = {
  holds: HoldsService;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  sweepIntervalMs: number;
  warningSeconds: number;
};

const MAX_TIMER_MS = 2 ** 31 - 1;
// Holds expired per transaction. A storm (thousands due at once) is cut into transactions of this size
// with a turn of the event loop between them: on SQLite every query runs synchronously, so one big
// transaction would stall sockets, timers and requests until it is done. Measured in-process on SQLite
// (20 showtimes x 1,000 overdue holds): 200 per transaction cost ~130 µs per hold, 1,000 ~50 µs but
// stalled the loop ~70-120 ms per batch; 500 sits between.
const EXPIRY_BATCH = 500;
// Warnings due at once (after a restart, every loaded hold's may be) are read and sent in slices of this.
const WARN_BATCH = 500;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createExpiryEngine({ holds, events, clock, logger, sweepIntervalMs, warningSeconds }: Deps) {
  const heap = new Heap<Entry>((a, b) => a.at - b.at);
  const dueShowtimes = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let armedFor = Infinity; // when the timer fires; a new hold due later needs no new timer
  let sweeper: NodeJS.Timeout | undefined;
  let draining: Promise<void> = Promise.resolve();
  let unsubscribe: (() => void) | undefined;
  let running = false;

  function schedule(hold: { holdId: string; userId: string; showtimeId: string; expiresAt: Date }) {
    heap.push(...entriesFor({ id: hold.holdId, userId: hold.userId, showtimeId: hold.showtimeId, expiresAt: hold.expiresAt }));
    if ((heap.peek()?.at ?? Infinity) < armedFor) arm();
  }

  function arm() {
    if (!running) return;
    clearTimeout(timer);
    armedFor = Infinity;
    const next = heap.peek();
    if (!next) return;
    const delay = Math.min(Math.max(next.at - clock.now().getTime(), 0), MAX_TIMER_MS);
    armedFor = clock.now().getTime() + delay;
    timer = setTimeout(() => {
      // The database may be away (a restart): say so and carry on. The periodic sweep finds every overdue
      // hold again; only the "expiring" warnings of this pass are lost. An unheard rejection would end
      // the process.
      runDue().catch((error: unknown) => {
        logger.warn({ err: error }, 'hold expiry pass failed; the next sweep retries');
        arm();
      });
    }, delay);
  }

  /** Handles every entry that is due now: warnings first, then expiries, per showtime. */
  async function runDue() {
    const now = clock.now().getTime();
    const warnings: Entry[] = [];
    while ((heap.peek()?.at ?? Infinity) <= now) {
      const entry = heap.pop() as Entry;
      if (entry.kind === 'warn') warnings.push(entry);
      else dueShowtimes.add(entry.showtimeId);
    }
    if (warnings.length > 0) await warn(warnings);
    await drain();
    arm();
  }

  /**
   * One read per slice of due warnings, with a turn of the event loop between slices: after a restart
   * every loaded hold's warning may be due at once (100,000 rows read in one go held ~200 MB).
   */
  async function warn(due: Entry[]) {
    for (let i = 0; i < due.length; i += WARN_BATCH) {
      const entries = due.slice(i, i + WARN_BATCH);
      const current = new Map((await holds.findHolds(entries.map((entry) => entry.holdId))).map((hold) => [hold.id, hold]));
      for (const entry of entries) {
        const hold = current.get(entry.holdId);
        // Only for a hold still active with the deadline this warning was made for (not bought, not extended).
        if (hold?.status === 'active' && hold.expiresAt.getTime() === entry.expiresAt) {
          events.emit('hold.expiring', {
            holdId: entry.holdId,
            userId: entry.userId,
            showtimeId: entry.showtimeId,
            expiresAt: hold.expiresAt,
          });
        }
      }
      await nextTurn();
    }
  }

  /** Expires the overdue holds of every queued showtime, one drain at a time. */
  function drain() {
    draining = draining.then(async () => {
      while (dueShowtimes.size > 0) {
        const showtimeId = dueShowtimes.values().next().value as string;
        dueShowtimes.delete(showtimeId);
        try {
          // A full batch means more may be overdue: queue the showtime again, behind the others.
          if ((await holds.expireOverdueIn(showtimeId, EXPIRY_BATCH)) === EXPIRY_BATCH) dueShowtimes.add(showtimeId);
        } catch (error) {
          logger.error({ err: error, showtimeId }, 'expiring holds failed; the next sweep retries');
        }
        await nextTurn();
      }
    });
    return draining;
  }

  /** Finds overdue holds in the database and expires them; returns the number of showtimes touched. */
  async function sweep() {
    const showtimeIds = await holds.showtimesWithOverdueHolds(1000);
    for (const id of showtimeIds) dueShowtimes.add(id);
    await drain();
    return showtimeIds.length;
  }

  return {
    schedule,
    sweep,
    runDue,
    /** Releases everything overdue, loads the deadlines of active holds, then keeps watching. */
    async start() {
      while ((await sweep()) > 0);
      running = true;
      let after: string | undefined;
      for (;;) {
        const page = await holds.listActiveHolds(5000, after);
        for (const hold of page) heap.push(...entriesFor(hold));
        if (page.length < 5000) break;
        after = page[page.length - 1]?.id;
      }
      unsubscribe = events.on('hold.scheduled', schedule);
      sweeper = setInterval(() => {
        void sweep().catch((error) => logger.error({ err: error }, 'hold sweep failed'));
        void holds.purgeIdempotencyKeys().catch((error) => logger.error({ err: error }, 'idempotency purge failed'));
      }, sweepIntervalMs);
      arm();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      clearInterval(sweeper);
      unsubscribe?.();
      await draining;
    },
  };

  // Entries are written out field by field: in Node 20's V8 `{ ...base, kind }` gives every object its own
  // hidden class (~300 extra bytes each; heap snapshots: 106 MB for 100,000 holds' entries).
  function entriesFor(hold: { id: string; userId: string; showtimeId: string; expiresAt: Date }): Entry[] {
    const { id: holdId, userId, showtimeId } = hold;
    const expiresAt = hold.expiresAt.getTime();
    const entries: Entry[] = [{ at: expiresAt, kind: 'expire', holdId, userId, showtimeId, expiresAt }];
    if (warningSeconds > 0) entries.push({ at: expiresAt - warningSeconds * 1000, kind: 'warn', holdId, userId, showtimeId, expiresAt });
    return entries;
  }
}

export type ExpiryEngine = ReturnType<typeof createExpiryEngine>;
