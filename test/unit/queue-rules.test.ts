import { createHmac } from 'node:crypto';
import { nextRecord, verifyQueueLog, type QueueLogRecord } from '../../src/modules/queue/queue-log';
import {
  accrueBudget,
  admissionsNow,
  budgetAfter,
  drawOrder,
  etaSeconds,
  measuredRate,
  seedHashOf,
} from '../../src/modules/queue/queue-rules';

describe('the opening draw', () => {
  it('when tickets are drawn, then they are ordered by HMAC-SHA256(seed, ticketId), whatever order they came in', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `ticket-${i}`);
    const order = drawOrder('seed-1', ids);
    const byHand = [...ids].sort((a, b) => {
      const [x, y] = [a, b].map((id) => createHmac('sha256', 'seed-1').update(id).digest('hex')) as [string, string];
      return x < y ? -1 : 1;
    });
    expect(order).toEqual(byHand);
    expect(drawOrder('seed-1', [...ids].reverse())).toEqual(order);
    expect(drawOrder('seed-2', ids)).not.toEqual(order);
  });
});

describe('the admission budget', () => {
  const start = new Date('2026-12-10T20:00:00Z');
  const after = (seconds: number) => new Date(start.getTime() + seconds * 1000);

  it('when a minute passes at 30 a minute, then 30 are earned; half a minute, 15; fractions carry over', () => {
    expect(accrueBudget(0, start, after(60), 30)).toBe(30);
    expect(accrueBudget(0, start, after(30), 30)).toBe(15);
    expect(accrueBudget(0.5, start, after(1), 30)).toBe(1);
  });

  it('when the line stalls for an hour, then at most one minute of admissions is banked', () => {
    expect(accrueBudget(0, start, after(3600), 30)).toBe(30);
    expect(accrueBudget(0, start, after(3600), 0.5)).toBe(1);
  });

  it('when the clock goes backwards, then nothing is earned', () => {
    expect(accrueBudget(2, after(10), start, 30)).toBe(2);
  });

  it('admits whole admissions, no more than wait and no more than maxActive allows', () => {
    expect(admissionsNow({ budget: 2.9, waiting: 10, active: 0, maxActive: null })).toBe(2);
    expect(admissionsNow({ budget: 5, waiting: 3, active: 0, maxActive: null })).toBe(3);
    expect(admissionsNow({ budget: 5, waiting: 10, active: 8, maxActive: 10 })).toBe(2);
    expect(admissionsNow({ budget: 5, waiting: 10, active: 12, maxActive: 10 })).toBe(0);
    expect(admissionsNow({ budget: 0.1 + 0.2 + 0.7, waiting: 10, active: 0, maxActive: null })).toBe(1);
  });

  it('when the line is empty after admitting, then at most one admission is kept for the next arrival', () => {
    expect(budgetAfter(5, 2, 0)).toBe(1);
    expect(budgetAfter(5, 2, 4)).toBe(3);
    expect(budgetAfter(0.4, 0, 0)).toBe(0.4);
  });
});

describe('the ETA', () => {
  it('is position over the rate, plus any wait for the opening, and measured once a minute of history exists', () => {
    expect(etaSeconds(10, 30)).toBe(20);
    expect(etaSeconds(1, 30, 100)).toBe(102);
    expect(measuredRate(10, 30, 60)).toBe(60);
    expect(measuredRate(40, 120, 60)).toBe(20);
    expect(measuredRate(0, 300, 60)).toBe(60);
  });
});

describe('the queue log', () => {
  const showtimeId = 'showtime-1';
  const seed = 'the-seed';
  function chain(entries: Array<{ type: QueueLogRecord['type']; data: Record<string, unknown> }>) {
    const records: QueueLogRecord[] = [];
    for (const entry of entries) records.push(nextRecord(records.at(-1), { showtimeId, at: new Date('2026-12-10T20:00:00Z'), ...entry }));
    return records;
  }
  const early = ['t1', 't2', 't3'];
  const order = drawOrder(seed, early);
  const honest = () =>
    chain([
      { type: 'setup', data: { seedHash: seedHashOf(seed) } },
      ...early.map((ticket) => ({ type: 'join' as const, data: { ticket, early: true, order: null } })),
      { type: 'draw', data: { seed, order } },
      { type: 'join', data: { ticket: 't4', early: false, order: 4 } },
      { type: 'admit', data: { tickets: order.slice(0, 2) } },
      { type: 'lapse', data: { ticket: order[2] } },
      { type: 'admit', data: { tickets: ['t4'] } },
    ]);

  it('when the log is honest, then it verifies', () => {
    expect(verifyQueueLog(showtimeId, honest())).toEqual({ verified: true, problems: [] });
  });

  it('when a record is edited, then the chain breaks', () => {
    const records = honest();
    records[4] = { ...records[4]!, data: records[4]!.data.replace('draw', 'x') + ' ' };
    expect(verifyQueueLog(showtimeId, records).verified).toBe(false);
  });

  it('when the draw uses another seed than the committed one, or admits out of turn, then the replay says so', () => {
    const otherSeed = chain([
      { type: 'setup', data: { seedHash: seedHashOf('another') } },
      { type: 'join', data: { ticket: 't1', early: true, order: null } },
      { type: 'draw', data: { seed, order: ['t1'] } },
    ]);
    expect(verifyQueueLog(showtimeId, otherSeed).problems.join()).toMatch(/seedHash/);
    const outOfTurn = chain([
      { type: 'setup', data: { seedHash: seedHashOf(seed) } },
      ...early.map((ticket) => ({ type: 'join' as const, data: { ticket, early: true, order: null } })),
      { type: 'draw', data: { seed, order } },
      { type: 'admit', data: { tickets: [order[1]] } },
    ]);
    expect(verifyQueueLog(showtimeId, outOfTurn).problems.join()).toMatch(/out of order/);
    const reordered = chain([
      { type: 'setup', data: { seedHash: seedHashOf(seed) } },
      ...early.map((ticket) => ({ type: 'join' as const, data: { ticket, early: true, order: null } })),
      { type: 'draw', data: { seed, order: [...order].reverse() } },
    ]);
    expect(verifyQueueLog(showtimeId, reordered).problems.join()).toMatch(/HMAC/);
  });
});
