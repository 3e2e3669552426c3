// Buying a hold. One Idempotency-Key per press of Buy, reused for every automatic retry, so a retry after
// a lost answer returns the first booking instead of charging twice. While the server is away, Buy keeps
// trying (with a growing wait, at once when the connection is back) until the hold's own deadline.
import { api, ApiError, type Booking } from './api';
import { backoffMs, onConnectionChange } from './connection';
import { uuid } from './dom';

const retryable = (error: unknown) =>
  error instanceof ApiError && (error.code === 'NETWORK' || error.code === 'IDEMPOTENCY_IN_PROGRESS' || error.status >= 500);

/** Waits `ms`, or less if the connection comes back. */
const pause = (ms: number) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      off();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const off = onConnectionChange((reachable) => reachable && done());
  });

export async function buyHold(holdId: string, options: { until?: number; onRetry?(error: unknown): void } = {}): Promise<Booking> {
  const idempotencyKey = uuid();
  const until = options.until ?? Date.now() + 10_000;
  for (let attempt = 0; ; attempt++) {
    try {
      return (await api.purchase(holdId, idempotencyKey)).booking;
    } catch (error) {
      const wait = backoffMs(attempt) / 2;
      if (!retryable(error) || Date.now() + wait > until) throw error;
      options.onRetry?.(error);
      await pause(wait);
    }
  }
}
