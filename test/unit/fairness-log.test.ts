import {
  aliasOf,
  canonicalJson,
  GENESIS_HASH,
  hashOf,
  nextRecord,
  verifyLog,
  type LogRecord,
  type LogType,
} from '../../src/modules/waitlist/fairness-log';

const showtimeId = 'show-1';
const at = new Date('2030-01-01T10:00:00.000Z');
const spot = (label: string, column: number) => ({ label, row: label[0] as string, column });

function chain(steps: Array<{ type: LogType; user: string; data: Record<string, unknown> }>): LogRecord[] {
  const records: LogRecord[] = [];
  for (const step of steps) {
    records.push(
      nextRecord(records[records.length - 1], {
        showtimeId,
        at,
        type: step.type,
        alias: aliasOf('secret-key-long-enough', showtimeId, step.user),
        data: step.data,
      }),
    );
  }
  return records;
}
const join = (user: string, entry: string, sequence: number, partySize = 1, adjacent = false) => ({
  type: 'join' as const,
  user,
  data: { entry, partySize, adjacent, joinedAt: at.toISOString(), sequence },
});
const offer = (
  user: string,
  entry: string,
  seats: string[],
  free: ReturnType<typeof spot>[],
  partySize = seats.length,
  adjacent = false,
) => ({ type: 'offer' as const, user, data: { entry, hold: `h-${entry}`, seats, expiresAt: at.toISOString(), partySize, adjacent, free } });

describe('fairness log', () => {
  test('when objects have keys in any order, then canonical JSON is the same text', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  test('when the same user joins two showtimes, then the aliases differ and reveal nothing of the id', () => {
    const a = aliasOf('secret-key-long-enough', 's1', 'user-42');
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(aliasOf('secret-key-long-enough', 's2', 'user-42')).not.toBe(a);
    expect(aliasOf('secret-key-long-enough', 's1', 'user-42')).toBe(a);
  });

  test('when records are chained, then the first links to 64 zeros and each to the one before', () => {
    const records = chain([join('u1', 'e1', 1), join('u2', 'e2', 2)]);
    expect(records[0]?.prevHash).toBe(GENESIS_HASH);
    expect(records[1]?.prevHash).toBe(records[0]?.hash);
    expect(records.map((r) => r.seq)).toEqual([1, 2]);
    expect(verifyLog(showtimeId, records)).toEqual({ verified: true, problems: [] });
  });

  test('when a fair history is replayed, then it verifies', () => {
    const records = chain([
      join('u1', 'e1', 1, 4, true),
      join('u2', 'e2', 2),
      offer('u2', 'e2', ['A1'], [spot('A1', 0), spot('A3', 2), spot('B5', 4), spot('B7', 6)]),
      { type: 'accept', user: 'u2', data: { entry: 'e2', hold: 'h-e2' } },
      offer('u1', 'e1', ['C1', 'C2', 'C3', 'C4'], [spot('C1', 0), spot('C2', 1), spot('C3', 2), spot('C4', 3)], 4, true),
      { type: 'expire', user: 'u1', data: { entry: 'e1', hold: 'h-e1' } },
    ]);
    expect(verifyLog(showtimeId, records)).toEqual({ verified: true, problems: [] });
  });

  test("when one record's data is changed, then its hash no longer matches", () => {
    const records = chain([join('u1', 'e1', 1), join('u2', 'e2', 2)]);
    const tampered = records.map((r) => (r.seq === 1 ? { ...r, data: r.data.replace('"partySize":1', '"partySize":2') } : r));
    const result = verifyLog(showtimeId, tampered);
    expect(result.verified).toBe(false);
    expect(result.problems).toEqual(['record 1: hash does not match its contents']);
  });

  test("when a record is rehashed after tampering, then the next record's prevHash exposes it", () => {
    const records = chain([join('u1', 'e1', 1), join('u2', 'e2', 2)]);
    const first = { ...(records[0] as LogRecord), alias: 'ffffffffffffffff' };
    const forged = [{ ...first, hash: hashOf(first) }, records[1] as LogRecord];
    expect(verifyLog(showtimeId, forged).problems).toEqual(['record 2: prevHash does not match the record before']);
  });

  test('when a record is removed, then the sequence gap is reported', () => {
    const records = chain([join('u1', 'e1', 1), join('u2', 'e2', 2), join('u3', 'e3', 3)]);
    expect(verifyLog(showtimeId, [records[0] as LogRecord, records[2] as LogRecord]).verified).toBe(false);
  });

  test('when an offer passes over an earlier entry the seats could serve, then the chain verifies but fairness fails', () => {
    const records = chain([join('u1', 'e1', 1), join('u2', 'e2', 2), offer('u2', 'e2', ['A1'], [spot('A1', 0)])]);
    expect(verifyLog(showtimeId, records)).toEqual({
      verified: false,
      problems: ['record 3 (offer): passes over entry e1, which joined earlier and could use these seats'],
    });
  });

  test('when an adjacent party is offered scattered seats, then fairness fails', () => {
    const free = [spot('A1', 0), spot('A3', 2)];
    const records = chain([join('u1', 'e1', 1, 2, true), offer('u1', 'e1', ['A1', 'A3'], free, 2, true)]);
    expect(verifyLog(showtimeId, records).problems).toEqual(['record 2 (offer): the seats are not side by side in one row']);
  });

  test('when an entry is offered seats twice without the first ending, then fairness fails', () => {
    const records = chain([join('u1', 'e1', 1), offer('u1', 'e1', ['A1'], [spot('A1', 0)]), offer('u1', 'e1', ['A2'], [spot('A2', 1)])]);
    expect(verifyLog(showtimeId, records).problems).toEqual(['record 3: offer of an entry that is offered']);
  });
});
