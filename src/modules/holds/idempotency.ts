// Idempotency-Key handling for purchases, as Stripe and the IETF draft describe it:
//   same key + same body  -> the stored status and body again, nothing new happens;
//   same key + other body -> 422 IDEMPOTENCY_KEY_REUSED;
//   same key still running -> 409 IDEMPOTENCY_IN_PROGRESS.
// Keys are scoped to the user and kept IDEMPOTENCY_TTL_HOURS (at least 24 h). A record stuck
// "in progress" by a crash is taken over after STALE_AFTER_MS.
import { createHash } from 'node:crypto';
import type { DbClient } from '../../db/client';
import { isUniqueViolation } from '../../db/errors';
import { AppError } from '../../lib/errors';

const STALE_AFTER_MS = 60_000;
export type StoredResponse = { status: number; body: unknown };

export function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

export function createIdempotencyStore(db: DbClient, ttlHours: number) {
  /** Claims the key; returns a stored response to replay, or undefined when the caller should proceed. */
  async function begin(userId: string, key: string, requestHash: string, now: Date): Promise<StoredResponse | undefined> {
    const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await db.idempotencyRecord.create({ data: { userId, key, requestHash, state: 'in_progress', createdAt: now, expiresAt } });
        return undefined;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      const found = await db.idempotencyRecord.findUnique({ where: { userId_key: { userId, key } } });
      if (!found) continue; // deleted meanwhile: try again
      if (found.expiresAt <= now) {
        await db.idempotencyRecord.deleteMany({ where: { userId, key, expiresAt: { lte: now } } });
        continue;
      }
      if (found.requestHash !== requestHash) {
        throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request');
      }
      if (found.state === 'done') return { status: found.responseStatus ?? 500, body: JSON.parse(found.responseBody ?? 'null') };
      const stale = await db.idempotencyRecord.updateMany({
        where: { userId, key, state: 'in_progress', createdAt: { lte: new Date(now.getTime() - STALE_AFTER_MS) } },
        data: { createdAt: now },
      });
      if (stale.count === 1) return undefined;
      throw new AppError('IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed');
    }
    throw new AppError('IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed');
  }

  return {
    begin,
    async finish(userId: string, key: string, response: StoredResponse) {
      await db.idempotencyRecord.update({
        where: { userId_key: { userId, key } },
        data: { state: 'done', responseStatus: response.status, responseBody: JSON.stringify(response.body) },
      });
    },
    /** Forgets the key after an unexpected failure, so the client's retry runs again. */
    async abandon(userId: string, key: string) {
      await db.idempotencyRecord.deleteMany({ where: { userId, key, state: 'in_progress' } });
    },
    purgeExpired: (now: Date) => db.idempotencyRecord.deleteMany({ where: { expiresAt: { lte: now } } }),
  };
}

export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>;
