// The waiting room's log: hash-chained like the waitlist's fairness log (same canonical JSON, same
// SHA-256 chain, docs/waitlist.md), and a verifier that replays it. Anyone holding the public log can check:
//   1. the chain: seq 1, 2, 3..., each prevHash is the hash before it, each hash recomputes;
//   2. the draw: its seed matches the seedHash published at set-up, and its order is exactly the early
//      tickets still waiting, sorted by HMAC(seed, ticketId) (queue-rules.ts);
//   3. the line: later tickets got increasing places behind the draw, and every admission took the
//      waiting tickets with the lowest places, in order.
import { createHash } from 'node:crypto';
import { GENESIS_HASH, canonicalJson, checkChain } from '../../lib/hash-chain';
import { drawOrder, seedHashOf } from './queue-rules';

export type QueueLogType = 'setup' | 'join' | 'draw' | 'admit' | 'lapse' | 'leave';
export type QueueLogRecord = {
  showtimeId: string;
  seq: number;
  at: string; // ISO-8601 UTC
  type: QueueLogType;
  data: string; // canonical JSON, exactly as hashed
  prevHash: string;
  hash: string;
};

export function hashOf(record: Omit<QueueLogRecord, 'hash'>): string {
  const { showtimeId, seq, at, type, data, prevHash } = record;
  return createHash('sha256').update(canonicalJson({ showtimeId, seq, at, type, data, prevHash })).digest('hex');
}

export function nextRecord(
  previous: Pick<QueueLogRecord, 'seq' | 'hash'> | undefined,
  fields: { showtimeId: string; at: Date; type: QueueLogType; data: Record<string, unknown> },
): QueueLogRecord {
  const body = {
    showtimeId: fields.showtimeId,
    seq: (previous?.seq ?? 0) + 1,
    at: fields.at.toISOString(),
    type: fields.type,
    data: canonicalJson(fields.data),
    prevHash: previous?.hash ?? GENESIS_HASH,
  };
  return { ...body, hash: hashOf(body) };
}

export type QueueVerification = { verified: boolean; problems: string[] };

export function verifyQueueLog(showtimeId: string, records: QueueLogRecord[]): QueueVerification {
  const problems = checkChain(showtimeId, records, hashOf);
  // Judging the order from records that fail the chain would judge forged data.
  if (problems.length === 0) problems.push(...replay(records));
  return { verified: problems.length === 0, problems };
}

type Replayed = { early: boolean; order: number | null; status: 'waiting' | 'admitted' | 'ended' };

function replay(records: QueueLogRecord[]): string[] {
  const problems: string[] = [];
  const tickets = new Map<string, Replayed>();
  let seedHash: string | undefined;
  let drawn = false;
  let lastOrder = 0;
  for (const record of records) {
    const at = `record ${record.seq} (${record.type})`;
    const data = JSON.parse(record.data) as Record<string, unknown>;
    const ticket = tickets.get(String(data.ticket));
    if (record.type === 'setup') {
      if (!drawn) seedHash = String(data.seedHash);
    } else if (record.type === 'join') {
      if (ticket) problems.push(`${at}: ticket joined twice`);
      const order = data.order == null ? null : Number(data.order);
      if (data.early === true && (drawn || order !== null)) problems.push(`${at}: an early ticket after the draw, or with a place`);
      if (data.early !== true && (!drawn || order === null || order <= lastOrder)) problems.push(`${at}: a late ticket out of turn`);
      if (order !== null) lastOrder = Math.max(lastOrder, order);
      tickets.set(String(data.ticket), { early: data.early === true, order, status: 'waiting' });
    } else if (record.type === 'draw') {
      const seed = String(data.seed);
      const order = (data.order ?? []) as string[];
      const eligible = [...tickets].filter(([, t]) => t.early && t.status === 'waiting').map(([id]) => id);
      if (drawn) problems.push(`${at}: a second draw`);
      if (seedHash === undefined || seedHashOf(seed) !== seedHash) problems.push(`${at}: the seed does not match the published seedHash`);
      if (canonicalJson(drawOrder(seed, eligible)) !== canonicalJson(order)) {
        problems.push(`${at}: the order is not the early tickets sorted by HMAC(seed, ticket)`);
      }
      order.forEach((id, index) => {
        const drawnTicket = tickets.get(id);
        if (drawnTicket) drawnTicket.order = index + 1;
      });
      drawn = true;
      lastOrder = order.length;
    } else if (record.type === 'admit') {
      const admitted = (data.tickets ?? []) as string[];
      const first = [...tickets]
        .filter(([, t]) => t.status === 'waiting' && t.order !== null)
        .sort(([, a], [, b]) => (a.order as number) - (b.order as number))
        .slice(0, admitted.length)
        .map(([id]) => id);
      if (!drawn) problems.push(`${at}: an admission before the draw`);
      if (canonicalJson(first) !== canonicalJson(admitted)) problems.push(`${at}: admits out of order`);
      for (const id of admitted) {
        const admittedTicket = tickets.get(id);
        if (admittedTicket) admittedTicket.status = 'admitted';
      }
    } else if (record.type === 'lapse' || record.type === 'leave') {
      if (!ticket) problems.push(`${at}: unknown ticket`);
      else if (ticket.status === 'ended') problems.push(`${at}: the ticket had already ended`);
      else if (record.type === 'lapse' && ticket.status !== 'waiting') problems.push(`${at}: only a waiting ticket lapses`);
      if (ticket) ticket.status = 'ended';
    } else problems.push(`${at}: unknown type`);
  }
  return problems;
}
