// Idempotency-Key handling for purchases, as Stripe and the IETF draft describe it:
//   same key + same body  -> the stored answer again, nothing new happens;
//   same key + other body -> 422 IDEMPOTENCY_KEY_REUSED;
//   same key still running in a live process -> 409 IDEMPOTENCY_IN_PROGRESS.
// Keys are scoped to the user and kept IDEMPOTENCY_TTL_HOURS (at least 24 h). While a purchase runs, its
// record names the process that owns it (instance id + boot id) under a lease the owner renews. A record
// whose owner is gone is resumed by the next retry at once, from its recovery point: the owner's boot is
// over when this process is a newer boot of the same instance id (one process per instance id), or when
// the lease lapsed (any other instance: at most LEASE_MS after its crash). See docs/holds.md.
import { createHash } from 'node:crypto';
import type { DbClient } from '../../db/client';
import type { Sql } from '../../db/sql';
import { isUniqueViolation } from '../../db/errors';
import { AppError } from '../../lib/errors';

const LEASE_MS = 15_000;
const RENEW_EVERY_MS = 5_000;

/** How far a purchase got: `started` (maybe charged, ask the gateway) or `charged` (chargeId known). */
export type RecoveryPoint = 'started' | 'charged';
/** A stored answer: `{booking}` with status 201, or `{error}` with status 0 (the code decides the status). */
export type StoredResponse = { status: number; body: unknown };
export type Owner = { id: string; bootId: string };
/** The right to run (or resume) a purchase: the caller owns the record until it completes it. */
export type Claim = { userId: string; key: string; point: RecoveryPoint; chargeId: string | null; resumed: boolean };

export function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

const inProgress = () => new AppError('IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed');

export function createIdempotencyStore(db: DbClient, options: { ttlHours: number; owner: Owner; leaseMs?: number }) {
  const { owner, ttlHours } = options;
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const lease = (now: Date) => ({ ownerInstance: owner.id, ownerBoot: owner.bootId, leaseExpiresAt: new Date(now.getTime() + leaseMs) });

  function ownerIsAlive(record: { ownerInstance: string | null; ownerBoot: string | null; leaseExpiresAt: Date | null }, now: Date) {
    if (!record.ownerBoot || !record.leaseExpiresAt || record.leaseExpiresAt <= now) return false;
    return !(record.ownerInstance === owner.id && record.ownerBoot !== owner.bootId);
  }

  /** Claims the key (new, or left by a dead owner); or returns the stored answer to replay. */
  async function begin(
    userId: string,
    key: string,
    requestHash: string,
    now: Date,
  ): Promise<{ replay: StoredResponse } | { claim: Claim }> {
    const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000);
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await db.idempotencyRecord.create({
          data: { userId, key, requestHash, state: 'in_progress', createdAt: now, expiresAt, ...lease(now) },
        });
        return { claim: { userId, key, point: 'started', chargeId: null, resumed: false } };
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
      if (found.state === 'done') return { replay: storedOf(found) };
      if (ownerIsAlive(found, now)) throw inProgress();
      // Compare-and-set on the owner we saw: of two retries racing to resume it, one wins.
      const taken = await db.idempotencyRecord.updateMany({
        where: { userId, key, state: 'in_progress', ownerBoot: found.ownerBoot, leaseExpiresAt: found.leaseExpiresAt },
        data: lease(now),
      });
      if (taken.count === 1) {
        const point = found.recoveryPoint === 'charged' ? 'charged' : 'started';
        return { claim: { userId, key, point, chargeId: found.chargeId, resumed: true } };
      }
    }
    throw inProgress();
  }

  return {
    begin,
    /** Recovery point `charged`: the gateway took the money under this charge. */
    async recordCharge(claim: Claim, chargeId: string, now: Date) {
      await db.idempotencyRecord.updateMany({
        where: { userId: claim.userId, key: claim.key, state: 'in_progress' },
        data: { recoveryPoint: 'charged', chargeId, leaseExpiresAt: new Date(now.getTime() + leaseMs) },
      });
    },
    /** Stores the answer, on `client` (a transaction, so it commits with the outcome); false if already answered. */
    /** Stores the answer, inside the seat transaction that made it true (plain SQL, like every seat change). */
    async complete(sql: Sql, claim: Claim, response: StoredResponse): Promise<boolean> {
      const done = await sql.run(
        `UPDATE "IdempotencyRecord" SET "state" = 'done', "responseStatus" = ?, "responseBody" = ?, "leaseExpiresAt" = NULL
         WHERE "userId" = ? AND "key" = ? AND "state" = 'in_progress'`,
        [response.status, JSON.stringify(response.body), claim.userId, claim.key],
      );
      return done === 1;
    },
    async storedAnswer(claim: Claim): Promise<StoredResponse | undefined> {
      const found = await db.idempotencyRecord.findUnique({ where: { userId_key: { userId: claim.userId, key: claim.key } } });
      return found?.state === 'done' ? storedOf(found) : undefined;
    },
    /** Renews the lease until the returned function is called (a slow gateway must not look like a crash). */
    keepLease(claim: Claim, now: () => Date): () => void {
      const timer = setInterval(
        () => {
          db.idempotencyRecord
            .updateMany({
              where: { userId: claim.userId, key: claim.key, state: 'in_progress', ownerBoot: owner.bootId },
              data: { leaseExpiresAt: lease(now()).leaseExpiresAt },
            })
            .catch(() => undefined); // a missed renewal only lets a retry resume early, which is safe
        },
        Math.min(RENEW_EVERY_MS, leaseMs / 3),
      );
      timer.unref();
      return () => clearInterval(timer);
    },
    /** After an unexpected failure: ends the lease, so the client's retry resumes from the recovery point at once. */
    async release(claim: Claim, now: Date) {
      await db.idempotencyRecord.updateMany({
        where: { userId: claim.userId, key: claim.key, state: 'in_progress', ownerBoot: owner.bootId },
        data: { leaseExpiresAt: now },
      });
    },
    purgeExpired: (now: Date) => db.idempotencyRecord.deleteMany({ where: { expiresAt: { lte: now } } }),
  };
}

function storedOf(record: { responseStatus: number | null; responseBody: string | null }): StoredResponse {
  return { status: record.responseStatus ?? 500, body: JSON.parse(record.responseBody ?? 'null') };
}

export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>;
