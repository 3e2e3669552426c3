// Buying a hold. One Idempotency-Key per press of Buy, reused for automatic retries, so a retry after a
// lost answer returns the first booking instead of charging twice.
import { api, ApiError, type Booking } from './api';
import { uuid } from './dom';

const retryable = (error: unknown) =>
  error instanceof ApiError && (error.code === 'NETWORK' || error.code === 'IDEMPOTENCY_IN_PROGRESS' || error.status >= 500);

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function buyHold(holdId: string, attempts = 3): Promise<Booking> {
  const idempotencyKey = uuid();
  for (let attempt = 1; ; attempt++) {
    try {
      return (await api.purchase(holdId, idempotencyKey)).booking;
    } catch (error) {
      if (attempt >= attempts || !retryable(error)) throw error;
      await wait(500 * 2 ** attempt);
    }
  }
}
