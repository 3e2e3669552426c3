// What every error answer must look like: exactly the contract's shape, and nothing about the internals.
import type { Response } from 'supertest';

/** Text that must never reach a client: stack frames, source paths, SQL, database and ORM names. */
export const leakPatterns = [
  /\bat .+:\d+:\d+|node_modules|\.ts\b|stack/i,
  /\bSELECT\b[\s\S]*\bFROM\b|INSERT INTO|DELETE FROM|UPDATE "|prisma|sqlite|postgres|P20\d\d|invocation/i,
  /\$2[aby]\$|passwordHash/,
];

export function expectContractError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(Object.keys(res.body)).toEqual(['error']);
  expect(Object.keys(res.body.error).sort()).toEqual(['code', 'details', 'message']);
  expect(res.body.error.code).toBe(code);
  expect(typeof res.body.error.message).toBe('string');
  expect(typeof res.body.error.details).toBe('object');
  for (const pattern of leakPatterns) expect(res.text).not.toMatch(pattern);
}
