// What the hash-chained logs (the waitlist's fairness log, the waiting room's log) share: the canonical
// JSON they hash (one text per value, so anyone re-computing a record's hash from the public log gets the
// same bytes), the first record's previous hash, and the check of a chain. Each log hashes its own fields.

/** The previous hash of a chain's first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level and no whitespace: one text per value. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export type ChainRecord = { showtimeId: string; seq: number; prevHash: string; hash: string };

/** The chain of one showtime's log: seq 1, 2, 3..., each prevHash the hash before it, each hash recomputing. */
export function checkChain<R extends ChainRecord>(showtimeId: string, records: R[], hashOf: (record: R) => string): string[] {
  const problems: string[] = [];
  let previousHash = GENESIS_HASH;
  records.forEach((record, index) => {
    const at = `record ${record.seq}`;
    if (record.showtimeId !== showtimeId) problems.push(`${at}: belongs to another showtime`);
    if (record.seq !== index + 1) problems.push(`${at}: expected seq ${index + 1}`);
    if (record.prevHash !== previousHash) problems.push(`${at}: prevHash does not match the record before`);
    if (hashOf(record) !== record.hash) problems.push(`${at}: hash does not match its contents`);
    previousHash = record.hash;
  });
  return problems;
}
