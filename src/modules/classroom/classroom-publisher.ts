// Sends this instance's snapshot every interval while an admin watches the classroom view, anywhere in
// the cluster, and does nothing at all (no timer, no query) while nobody does. An instance learns of
// watchers on the others through `signalWatching` (with Redis, a server-side socket.io message each
// interval from every instance with a watcher); a signal keeps it publishing for three intervals, so a
// watcher's instance that dies stops the others soon after.
import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../../lib/logger';
import type { ClassroomSnapshot } from './classroom.schemas';

export type PublisherDeps = {
  build: () => Promise<ClassroomSnapshot>;
  /** Delivers a snapshot to every watcher (the realtime server's `classroom` room). */
  emit: (snapshot: ClassroomSnapshot) => void;
  /** How many sockets of this instance watch now (read live, so a watcher who just left gets nothing more). */
  countLocalWatchers: () => number;
  /** Tells the other instances that someone watches here; absent with a single instance. */
  signalWatching?: () => void;
  intervalMs: number;
  logger: Logger;
  registry?: Registry;
};

export function createClassroomPublisher(deps: PublisherDeps) {
  const built = new Counter({
    name: 'marquee_classroom_snapshots_total',
    help: 'Classroom snapshots this instance built and sent (only while an admin watches)',
    registers: deps.registry ? [deps.registry] : [],
  });
  let watchedElsewhereUntil = 0;
  let timer: NodeJS.Timeout | undefined;
  let building = false;

  const watched = () => deps.countLocalWatchers() > 0 || Date.now() < watchedElsewhereUntil;

  async function tick() {
    if (deps.countLocalWatchers() > 0) deps.signalWatching?.();
    if (!watched()) return stopTimer();
    if (building) return; // a slow database never piles builds up
    building = true;
    try {
      const snapshot = await deps.build();
      if (!watched()) return; // the last watcher left while it was built
      built.inc();
      deps.emit(snapshot);
    } catch (error) {
      deps.logger.warn({ err: error }, 'classroom snapshot failed');
    } finally {
      building = false;
    }
  }

  function startTimer() {
    if (timer) return;
    timer = setInterval(() => void tick(), deps.intervalMs);
    timer.unref();
  }

  function stopTimer() {
    clearInterval(timer);
    timer = undefined;
  }

  return {
    /** A socket here started or stopped watching: the first one starts the timer and tells the others at once. */
    watchersChanged() {
      if (deps.countLocalWatchers() > 0 && !timer) {
        deps.signalWatching?.();
        startTimer();
      }
      if (!watched()) stopTimer();
    },
    /** Another instance has a watcher: publish for the next three intervals at least. */
    heardWatching() {
      watchedElsewhereUntil = Date.now() + 3 * deps.intervalMs;
      startTimer();
    },
    /** Whether the timer runs (tests check that nobody watching means no work). */
    get running() {
      return timer !== undefined;
    },
    stop() {
      watchedElsewhereUntil = 0;
      stopTimer();
    },
  };
}

export type ClassroomPublisher = ReturnType<typeof createClassroomPublisher>;
