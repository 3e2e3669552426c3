// Signed, expiring bearer tokens (HS256). Verification pins the algorithm, so `alg: none` and tokens
// signed with anything but our secret are rejected. Time comes from the injected clock, for signing and
// for expiry alike, so tests move time instead of waiting for it.
import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { LRUCache } from 'lru-cache';
import { AppError } from '../../lib/errors';
import { systemClock, type Clock } from '../../lib/clock';

// What a user id can look like (UUIDs today). A validly signed token whose subject is anything else (a
// number, an object, a string with control characters) is refused like a forged one, before it reaches
// the database.
const subjectPattern = /^[A-Za-z0-9-]{1,64}$/;
const refused = () => new AppError('UNAUTHENTICATED', 'The token is missing, malformed, expired or forged');

export function createTokens(secret: string, ttlSeconds: number, clock: Clock = systemClock) {
  // Made once: given a string, jsonwebtoken first tries to parse it as a PEM public key on every call
  // (a thrown error each time; a fifth of the CPU of a hold request under load).
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  // Tokens already verified, with their user and expiry (the most recent 10,000): every authenticated
  // request verifies its token, and verifying costs ~13 µs (base64 and JSON decoding, an HMAC) where a
  // lookup costs well under one. The key is the whole token, signature included, so only the exact string
  // that was verified is ever recognised; the expiry is checked against the clock on every use.
  const verified = new LRUCache<string, { userId: string; expiresAtMs: number }>({ max: 10_000 });
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);
  return {
    sign(userId: string): string {
      return jwt.sign({ iat: nowSeconds() }, key, { algorithm: 'HS256', subject: userId, expiresIn: ttlSeconds });
    },
    /** Returns the user id the token was issued to. */
    verify(token: string): string {
      const known = verified.get(token);
      if (known) {
        if (known.expiresAtMs > clock.now().getTime()) return known.userId;
        verified.delete(token);
        throw refused();
      }
      let payload: string | jwt.JwtPayload;
      try {
        payload = jwt.verify(token, key, { algorithms: ['HS256'], clockTimestamp: nowSeconds() });
      } catch {
        throw refused();
      }
      if (typeof payload === 'string' || typeof payload.sub !== 'string' || !subjectPattern.test(payload.sub)) throw refused();
      if (typeof payload.exp !== 'number') throw refused();
      verified.set(token, { userId: payload.sub, expiresAtMs: payload.exp * 1000 });
      return payload.sub;
    },
  };
}

export type Tokens = ReturnType<typeof createTokens>;
