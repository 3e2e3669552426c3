// The waitlist's fairness log, as pure functions: canonical JSON, the per-showtime user alias, the hash
// chain, and the verifier. The verifier checks two things anyone can re-check from the public log:
//   1. the chain: seq 1, 2, 3..., each prevHash is the hash before it, each hash recomputes;
//   2. the fairness: replaying joins, offers, accepts, expiries and leaves, every offer went to the
//      earliest-joined waiting entry that the free seats at that moment could serve (waitlist-rules).
import { createHash, createHmac } from 'node:crypto';
import { GENESIS_HASH, canonicalJson, checkChain } from '../../lib/hash-chain';

export { GENESIS_HASH, canonicalJson };
import { canSatisfy, compareQueueOrder, runsOf, type SeatSpot } from './waitlist-rules';

export type LogType = 'join' | 'offer' | 'accept' | 'expire' | 'leave';
export type LogRecord = {
  showtimeId: string;
  seq: number;
  at: string; // ISO-8601 UTC
  type: LogType;
  alias: string;
  data: string; // canonical JSON, exactly as hashed
  prevHash: string;
  hash: string;
};

/** An opaque per-showtime alias: the same user reads differently in two showtimes, and never as an email. */
export function aliasOf(secret: string, showtimeId: string, userId: string): string {
  const key = createHash('sha256').update(`marquee-waitlist-alias:${secret}`).digest();
  return createHmac('sha256', key).update(`${showtimeId}:${userId}`).digest('hex').slice(0, 16);
}

export function hashOf(record: Omit<LogRecord, 'hash'>): string {
  const { showtimeId, seq, at, type, alias, data, prevHash } = record;
  return createHash('sha256').update(canonicalJson({ showtimeId, seq, at, type, alias, data, prevHash })).digest('hex');
}

/** The next record of a chain whose last record is `previous` (undefined for the first). */
export function nextRecord(
  previous: Pick<LogRecord, 'seq' | 'hash'> | undefined,
  fields: { showtimeId: string; at: Date; type: LogType; alias: string; data: Record<string, unknown> },
): LogRecord {
  const body = {
    showtimeId: fields.showtimeId,
    seq: (previous?.seq ?? 0) + 1,
    at: fields.at.toISOString(),
    type: fields.type,
    alias: fields.alias,
    data: canonicalJson(fields.data),
    prevHash: previous?.hash ?? GENESIS_HASH,
  };
  return { ...body, hash: hashOf(body) };
}

export type Verification = { verified: boolean; problems: string[] };

export function verifyLog(showtimeId: string, records: LogRecord[]): Verification {
  const problems = checkChain(showtimeId, records, hashOf);
  // Judging fairness from records that fail the chain would judge forged data.
  if (problems.length === 0) problems.push(...checkFairness(records));
  return { verified: problems.length === 0, problems };
}

type Replayed = { id: string; alias: string; partySize: number; adjacent: boolean; joinedAt: string; sequence: number; status: string };

function checkFairness(records: LogRecord[]): string[] {
  const problems: string[] = [];
  const entries = new Map<string, Replayed>();
  const move = (record: LogRecord, entry: Replayed | undefined, from: string[], to: string) => {
    if (!entry) return problems.push(`record ${record.seq}: unknown entry`);
    if (entry.alias !== record.alias) problems.push(`record ${record.seq}: alias does not match the entry's join`);
    if (!from.includes(entry.status)) problems.push(`record ${record.seq}: ${record.type} of an entry that is ${entry.status}`);
    entry.status = to;
  };
  for (const record of records) {
    const data = JSON.parse(record.data) as Record<string, unknown>;
    const entry = entries.get(String(data.entry));
    if (record.type === 'join') {
      if (entry) problems.push(`record ${record.seq}: entry joined twice`);
      entries.set(String(data.entry), {
        id: String(data.entry),
        alias: record.alias,
        partySize: Number(data.partySize),
        adjacent: data.adjacent === true,
        joinedAt: String(data.joinedAt),
        sequence: Number(data.sequence),
        status: 'waiting',
      });
    } else if (record.type === 'offer') {
      problems.push(...judgeOffer(record, data, entry, [...entries.values()]));
      move(record, entry, ['waiting'], 'offered');
    } else if (record.type === 'accept') move(record, entry, ['offered'], 'accepted');
    else if (record.type === 'expire') move(record, entry, ['offered'], 'expired');
    else if (record.type === 'leave') move(record, entry, ['waiting', 'offered'], 'left');
    else problems.push(`record ${record.seq}: unknown type ${String(record.type)}`);
  }
  return problems;
}

/** An offer is fair when its seats serve its entry and no entry that joined earlier could have used them. */
function judgeOffer(record: LogRecord, data: Record<string, unknown>, entry: Replayed | undefined, all: Replayed[]): string[] {
  const at = `record ${record.seq} (offer)`;
  if (!entry) return [`${at}: unknown entry`];
  const problems: string[] = [];
  const free = (data.free ?? []) as SeatSpot[];
  const seats = (data.seats ?? []) as string[];
  const spots = seats.map((label) => free.find((seat) => seat.label === label));
  if (spots.some((spot) => !spot)) problems.push(`${at}: offers a seat that was not free`);
  if (seats.length !== entry.partySize) problems.push(`${at}: offers ${seats.length} seats to a party of ${entry.partySize}`);
  if (entry.adjacent && runsOf(spots.filter(Boolean) as SeatSpot[], entry.partySize).length !== 1) {
    problems.push(`${at}: the seats are not side by side in one row`);
  }
  const passedOver = all.filter(
    (other) => other.status === 'waiting' && other.id !== entry.id && compareQueueOrder(other, entry) < 0 && canSatisfy(other, free),
  );
  for (const other of passedOver) problems.push(`${at}: passes over entry ${other.id}, which joined earlier and could use these seats`);
  return problems;
}
