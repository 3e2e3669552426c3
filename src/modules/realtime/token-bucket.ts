// A token bucket: it holds at most `capacity` tokens and gains `refillPerSecond` of them per second. Each
// event takes one token; an event that finds none is refused and told when the next token arrives.
// Time is passed in (milliseconds), so the rule is pure and tests move time instead of sleeping.

export type TakeResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export function createTokenBucket(limits: { capacity: number; refillPerSecond: number }, startMs: number) {
  let tokens = limits.capacity;
  let updatedAt = startMs;

  return {
    take(nowMs: number): TakeResult {
      // A clock that steps back (a test or an NTP correction) adds nothing instead of draining the bucket.
      const elapsedSeconds = Math.max(0, nowMs - updatedAt) / 1000;
      tokens = Math.min(limits.capacity, tokens + elapsedSeconds * limits.refillPerSecond);
      updatedAt = Math.max(updatedAt, nowMs);
      if (tokens >= 1) {
        tokens -= 1;
        return { ok: true };
      }
      // Rounded up to the millisecond; the tiny allowance keeps floating-point noise (1.0000000000000009 ms)
      // from adding one.
      const waitMs = ((1 - tokens) / limits.refillPerSecond) * 1000;
      return { ok: false, retryAfterSeconds: Math.ceil(waitMs - 1e-6) / 1000 };
    },
  };
}

export type TokenBucket = ReturnType<typeof createTokenBucket>;
