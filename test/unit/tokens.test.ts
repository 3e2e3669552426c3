// Verified tokens are remembered (src/modules/auth/tokens.ts); remembering must never stretch a token's
// life or let a look-alike through.
import jwt from 'jsonwebtoken';
import { createTokens } from '../../src/modules/auth/tokens';

const secret = 'unit-test-secret-long-enough';

it('when a token that was already accepted reaches its expiry, then it is refused like any expired token', async () => {
  const tokens = createTokens(secret, 60);
  const token = jwt.sign({}, secret, { algorithm: 'HS256', subject: 'user-1', expiresIn: 1 });
  expect(tokens.verify(token)).toBe('user-1');
  expect(tokens.verify(token)).toBe('user-1'); // now from memory
  const { exp } = jwt.decode(token) as { exp: number };
  await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
  expect(() => tokens.verify(token)).toThrow('The token is missing, malformed, expired or forged');
});

it('when an accepted token is altered in its payload or signature, then the altered one is refused', () => {
  const tokens = createTokens(secret, 60);
  const token = tokens.sign('user-2');
  expect(tokens.verify(token)).toBe('user-2');
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const otherPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'admin' })).toString('base64url');
  const otherSignature = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
  for (const forged of [`${header}.${otherPayload}.${signature}`, `${header}.${payload}.${otherSignature}`]) {
    expect(() => tokens.verify(forged)).toThrow('The token is missing, malformed, expired or forged');
  }
});
