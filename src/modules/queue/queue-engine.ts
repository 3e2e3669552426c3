// Runs the admission tick of every open waiting room every QUEUE_TICK_MS. Deadlines, budgets and the
// order live in the database and each tick locks its room, so every instance may run this engine: the
// timer only makes admissions prompt, it decides nothing.
import type { Logger } from '../../lib/logger';
import type { WaitingRoomService } from './waiting-room.service';

export function createQueueEngine({ queue, logger, tickMs }: { queue: WaitingRoomService; logger: Logger; tickMs: number }) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let busy = false;

  function tickAll() {
    if (busy) return running; // a slow tick is not stacked on
    busy = true;
    running = queue
      .tickAll((error, showtimeId) => logger.error({ err: error, showtimeId }, 'waiting-room tick failed; the next one retries'))
      .catch((error) => logger.error({ err: error }, 'waiting-room ticks failed'))
      .finally(() => {
        busy = false;
      });
    return running;
  }

  return {
    tickAll,
    start() {
      timer ??= setInterval(() => void tickAll(), tickMs);
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}

export type QueueEngine = ReturnType<typeof createQueueEngine>;
