// Signed, expiring bearer tokens (HS256). Verification pins the algorithm, so `alg: none` and tokens
// signed with anything but our secret are rejected.
import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { LRUCache } from 'lru-cache';
import { AppError } from '../../lib/errors';

export function createTokens(secret: string, ttlSeconds: number) {
  // Made once: given a string, jsonwebtoken first tries to parse it as a PEM public key on every call
  // (a thrown error each time; a fifth of the CPU of a hold request under load).
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  // Tokens already verified, with their user, each kept until its own expiry (the most recent 10,000):
  // every authenticated request verifies its token, and verifying costs ~13 µs (base64 and JSON decoding,
  // an HMAC) where a lookup costs well under one. The key is the whole token, signature included, so
  // only the exact string that was verified is ever recognised.
  const verified = new LRUCache<string, string>({ max: 10_000 });
  return {
    sign(userId: string): string {
      return jwt.sign({}, key, { algorithm: 'HS256', subject: userId, expiresIn: ttlSeconds });
    },
    /** Returns the user id the token was issued to. */
    verify(token: string): string {
      const known = verified.get(token);
      if (known) return known;
      try {
        const payload = jwt.verify(token, key, { algorithms: ['HS256'] });
        if (typeof payload === 'string' || !payload.sub || !payload.exp) throw new Error('no subject or expiry');
        verified.set(token, payload.sub, { ttl: payload.exp * 1000 - Date.now() });
        return payload.sub;
      } catch {
        throw new AppError('UNAUTHENTICATED', 'The token is missing, malformed, expired or forged');
      }
    },
  };
}

export type Tokens = ReturnType<typeof createTokens>;
