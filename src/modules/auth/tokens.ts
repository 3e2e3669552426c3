// Signed, expiring bearer tokens (HS256). Verification pins the algorithm, so `alg: none` and tokens
// signed with anything but our secret are rejected.
import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AppError } from '../../lib/errors';

export function createTokens(secret: string, ttlSeconds: number) {
  // Made once: given a string, jsonwebtoken first tries to parse it as a PEM public key on every call
  // (a thrown error each time; a fifth of the CPU of a hold request under load).
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return {
    sign(userId: string): string {
      return jwt.sign({}, key, { algorithm: 'HS256', subject: userId, expiresIn: ttlSeconds });
    },
    /** Returns the user id the token was issued to. */
    verify(token: string): string {
      try {
        const payload = jwt.verify(token, key, { algorithms: ['HS256'] });
        if (typeof payload === 'string' || !payload.sub) throw new Error('no subject');
        return payload.sub;
      } catch {
        throw new AppError('UNAUTHENTICATED', 'The token is missing, malformed, expired or forged');
      }
    },
  };
}

export type Tokens = ReturnType<typeof createTokens>;
