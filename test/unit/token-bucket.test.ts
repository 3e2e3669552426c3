import { createTokenBucket } from '../../src/modules/realtime/token-bucket';

const start = Date.UTC(2030, 0, 1, 10, 0, 0);
const takeMany = (bucket: ReturnType<typeof createTokenBucket>, count: number, atMs: number) =>
  Array.from({ length: count }, () => bucket.take(atMs));

describe('token bucket', () => {
  test('when a burst arrives at one instant, then exactly `capacity` events get a token', () => {
    const bucket = createTokenBucket({ capacity: 5, refillPerSecond: 1 }, start);
    const results = takeMany(bucket, 8, start);
    expect(results.filter((result) => result.ok)).toHaveLength(5);
    expect(results.slice(5)).toEqual(Array(3).fill({ ok: false, retryAfterSeconds: 1 }));
  });

  test('when time passes, then tokens come back at the rate and never past the capacity', () => {
    const bucket = createTokenBucket({ capacity: 3, refillPerSecond: 2 }, start);
    takeMany(bucket, 3, start);
    expect(bucket.take(start + 499)).toEqual({ ok: false, retryAfterSeconds: 0.001 });
    expect(takeMany(bucket, 2, start + 1000).map((result) => result.ok)).toEqual([true, true]);
    expect(bucket.take(start + 1000).ok).toBe(false);
    expect(takeMany(bucket, 4, start + 60_000).map((result) => result.ok)).toEqual([true, true, true, false]);
  });

  test('when the bucket is empty, then retryAfterSeconds is the wait for one whole token', () => {
    const bucket = createTokenBucket({ capacity: 1, refillPerSecond: 10 }, start);
    bucket.take(start);
    expect(bucket.take(start + 25)).toEqual({ ok: false, retryAfterSeconds: 0.075 });
    expect(bucket.take(start + 100)).toEqual({ ok: true });
  });

  test('when the clock steps back, then no tokens are added or lost', () => {
    const bucket = createTokenBucket({ capacity: 2, refillPerSecond: 1 }, start);
    bucket.take(start);
    expect(bucket.take(start - 10_000)).toEqual({ ok: true });
    expect(bucket.take(start - 10_000).ok).toBe(false);
    expect(bucket.take(start + 1000)).toEqual({ ok: true });
  });
});
