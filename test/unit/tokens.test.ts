// Verified tokens are remembered (src/modules/auth/tokens.ts); remembering must never stretch a token's
// life or let a look-alike through. Time is the injected clock's, so expiry is reached by moving it.
import jwt from 'jsonwebtoken';
import { createTokens } from '../../src/modules/auth/tokens';
import { TestClock } from '../support/clock';

const secret = 'unit-test-secret-long-enough';
const refusal = 'The token is missing, malformed, expired or forged';

it('when a token that was already accepted reaches its expiry, then it is refused like any expired token', () => {
  const clock = new TestClock(new Date('2026-12-01T12:00:00Z'));
  const tokens = createTokens(secret, 60, clock);
  const token = tokens.sign('user-1');
  expect(tokens.verify(token)).toBe('user-1');
  clock.advance(59);
  expect(tokens.verify(token)).toBe('user-1'); // now from memory
  clock.advance(1);
  expect(() => tokens.verify(token)).toThrow(refusal);
});

it('when a token was signed by the clock, then its expiry is the clock time plus the TTL', () => {
  const clock = new TestClock(new Date('2030-01-01T00:00:00Z'));
  const token = createTokens(secret, 600, clock).sign('user-1');
  const { iat, exp } = jwt.decode(token) as { iat: number; exp: number };
  expect(iat).toBe(Date.parse('2030-01-01T00:00:00Z') / 1000);
  expect(exp - iat).toBe(600);
});

it('when an accepted token is altered in its payload or signature, then the altered one is refused', () => {
  const tokens = createTokens(secret, 60);
  const token = tokens.sign('user-2');
  expect(tokens.verify(token)).toBe('user-2');
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const otherPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'admin' })).toString(
    'base64url',
  );
  const otherSignature = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
  for (const forged of [`${header}.${otherPayload}.${signature}`, `${header}.${payload}.${otherSignature}`]) {
    expect(() => tokens.verify(forged)).toThrow(refusal);
  }
});

it('when a validly signed token has a subject that is not a user id (number, object, control characters, none), then it is refused', () => {
  const tokens = createTokens(secret, 60);
  const exp = Math.floor(Date.now() / 1000) + 60;
  for (const sub of [42, { id: 'x' }, ['a'], true, 'user\u0000', 'a b', '', 'x'.repeat(65)]) {
    const token = jwt.sign({ sub, exp }, secret, { algorithm: 'HS256' });
    expect(() => tokens.verify(token)).toThrow(refusal);
  }
  expect(() => tokens.verify(jwt.sign({ exp }, secret, { algorithm: 'HS256' }))).toThrow(refusal);
  expect(() => tokens.verify(jwt.sign({ sub: 'user-3' }, secret, { algorithm: 'HS256' }))).toThrow(refusal); // no expiry
});
