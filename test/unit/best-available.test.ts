import fc from 'fast-check';
import { buildSeats, type AuditoriumInput } from '../../src/modules/catalog';
import { pickBestSeats, prepareRoom, strandedBy, type AllocatorSeat, type BestRequest, type Room } from '../../src/modules/seats';
import { grandRoom } from '../support/rooms';

/** Rows as text: 'o' a seat, '|' an aisle after the seat before it, e.g. 'oo|oooo|oo'. */
function roomOf(rows: string[], extra: Partial<AuditoriumInput> = {}): AllocatorSeat[] {
  return buildSeats({
    name: 'Test',
    sections: [{ name: 'Standard', priceCents: 0 }],
    rows: rows.map((spec, i) => {
      const gapsAfter: number[] = [];
      let seats = 0;
      for (const char of spec) {
        if (char === '|') gapsAfter.push(seats);
        else seats++;
      }
      return { label: String.fromCharCode(65 + i), seats, section: 'Standard', offset: 0, gapsAfter, accessible: [] };
    }),
    ...extra,
  });
}
const allFree = (layout: AllocatorSeat[]) => new Set(layout.map((seat) => seat.label));
const without = (layout: AllocatorSeat[], taken: string[]) =>
  new Set(layout.map((seat) => seat.label).filter((label) => !taken.includes(label)));

describe('best available: examples', () => {
  test('when the 252-seat room is empty, then four seats go together in the middle block, two thirds back', () => {
    const layout = grandRoom();
    const pick = pickBestSeats(prepareRoom(layout), allFree(layout), { count: 4 });
    expect(pick).toMatchObject({ found: true, seats: ['J8', 'J9', 'J10', 'J11'], together: true, orphans: 0 });
  });

  test('when the best spot is set to the front row, then the front row wins', () => {
    const layout = grandRoom();
    const pick = pickBestSeats(prepareRoom(layout, { depth: 0, across: 0.5 }), allFree(layout), { count: 2 });
    expect(pick).toMatchObject({ found: true, seats: ['A9', 'A10'] });
  });

  test('when the nearest block would strand a seat, then a block that strands none wins', () => {
    const layout = roomOf(['oooooo', 'oooooo', 'oooooo']);
    // Row B is nearest the spot, but three of its four free seats always leave one alone; C1-C3 leave none.
    const free = without(layout, ['B1', 'B6']);
    expect(pickBestSeats(prepareRoom(layout), free, { count: 3 })).toMatchObject({ found: true, seats: ['C1', 'C2', 'C3'], orphans: 0 });
    // When every row is like that, stranding one is the least bad; four fill the nearest run exactly.
    const tight = without(layout, ['A1', 'A6', 'B1', 'B6', 'C1', 'C6']);
    expect(pickBestSeats(prepareRoom(layout), tight, { count: 3 })).toMatchObject({ found: true, orphans: 1 });
    expect(pickBestSeats(prepareRoom(layout), tight, { count: 4 })).toMatchObject({
      found: true,
      seats: ['B2', 'B3', 'B4', 'B5'],
      orphans: 0,
    });
  });

  test('when no row has the block, then four split two and two in neighbouring rows, and three are refused', () => {
    const layout = roomOf(['oo|oo', 'oo|oo', 'oo|oo']);
    const free = without(layout, ['A1', 'A2', 'A3', 'A4', 'B3', 'B4', 'C3', 'C4']);
    expect(pickBestSeats(prepareRoom(layout), free, { count: 4 })).toMatchObject({
      found: true,
      seats: ['B1', 'B2', 'C1', 'C2'],
      together: false,
    });
    expect(pickBestSeats(prepareRoom(layout), free, { count: 3 })).toEqual({ found: false, reason: 'NO_SEATS_TOGETHER' });
    expect(pickBestSeats(prepareRoom(layout), free, { count: 5 })).toEqual({ found: false, reason: 'SEATS_UNAVAILABLE' });
    expect(pickBestSeats(prepareRoom(layout), free, { count: 4 }, { split: false })).toEqual({ found: false, reason: 'NO_SEATS_TOGETHER' });
  });

  test('when a section or an accessible seat is asked for, then the block keeps to it', () => {
    const layout = grandRoom();
    const room = prepareRoom(layout);
    expect(pickBestSeats(room, allFree(layout), { count: 2, section: 'Standard' })).toMatchObject({ found: true, seats: ['K9', 'K10'] });
    expect(pickBestSeats(room, allFree(layout), { count: 2, accessible: true })).toMatchObject({ found: true, seats: ['A1', 'A2'] });
    expect(pickBestSeats(room, allFree(layout), { count: 2, section: 'Balcony' })).toEqual({ found: false, reason: 'SEATS_UNAVAILABLE' });
  });

  test('when hand-picked seats strand one that a shift would spare, then strandedBy names it, else nothing', () => {
    const layout = roomOf(['oooooo|oo']);
    const room = prepareRoom(layout);
    expect(strandedBy(room, allFree(layout), ['A2', 'A3'])).toEqual(['A1']);
    expect(strandedBy(room, allFree(layout), ['A1', 'A2'])).toEqual([]);
    expect(strandedBy(room, allFree(layout), ['A7'])).toEqual([]); // the aisle pair A7 A8: any one seat leaves one
    expect(strandedBy(room, without(layout, ['A6']), ['A2', 'A3', 'A4'])).toEqual(['A1', 'A5']);
    expect(strandedBy(room, without(layout, ['A1', 'A6']), ['A3', 'A4'])).toEqual(['A2', 'A5']);
    expect(strandedBy(room, without(layout, ['A1', 'A5', 'A6']), ['A2', 'A3'])).toEqual([]); // A2..A4: 3 free, 2 taken
  });
});

// ---- Property: the pick against a brute-force search of every choice on small rooms ----

const ALIGN = 1;
type Judged = { labels: string[]; together: boolean; split: boolean; orphans: number; score: number };

/** Free seats with no free neighbour in their row segment (an aisle is 2 columns, so it separates). */
function singles(layout: AllocatorSeat[], free: Set<string>) {
  const at = new Map(layout.map((seat) => [`${seat.row}:${seat.column}`, seat.label]));
  const isFree = (row: string, column: number) => free.has(at.get(`${row}:${column}`) ?? '');
  return new Set(
    layout.filter((s) => free.has(s.label) && !isFree(s.row, s.column - 1) && !isFree(s.row, s.column + 1)).map((s) => s.label),
  );
}
const contiguous = (seats: AllocatorSeat[]) =>
  seats.every((seat) => seat.row === seats[0]?.row) &&
  [...seats]
    .sort((a, b) => a.column - b.column)
    .every((seat, i, sorted) => i === 0 || seat.column === (sorted[i - 1] as AllocatorSeat).column + 1);

function judge(room: Room, layout: AllocatorSeat[], free: Set<string>, seats: AllocatorSeat[]): Judged {
  const after = new Set([...free].filter((label) => !seats.some((seat) => seat.label === label)));
  const before = singles(layout, free);
  const orphans = [...singles(layout, after)].filter((label) => !before.has(label)).length;
  let score = seats.reduce((sum, seat) => sum + (room.cost.get(seat.label) as number), 0);
  const rows = [...new Set(seats.map((seat) => seat.rowIndex))].sort((a, b) => a - b);
  let split = false;
  if (rows.length === 2 && rows[1] === (rows[0] as number) + 1 && seats.length >= 4) {
    const halves = rows.map((row) => seats.filter((seat) => seat.rowIndex === row));
    const sizes = halves.map((half) => half.length).sort((a, b) => b - a);
    if (halves.every(contiguous) && sizes[0] === Math.ceil(seats.length / 2)) {
      split = true;
      const centre = (half: AllocatorSeat[]) => (Math.min(...half.map((s) => s.column)) + Math.max(...half.map((s) => s.column))) / 2;
      score += ALIGN * Math.abs(centre(halves[0] as AllocatorSeat[]) - centre(halves[1] as AllocatorSeat[]));
    }
  }
  return { labels: seats.map((seat) => seat.label), together: contiguous(seats), split, orphans, score };
}

function* combinations<T>(items: T[], size: number, from = 0): Generator<T[]> {
  if (size === 0) return yield [];
  for (let i = from; i <= items.length - size; i++) for (const rest of combinations(items, size - 1, i + 1)) yield [items[i] as T, ...rest];
}

const lessThan = (a: Judged, b: Judged | undefined) => !b || a.orphans < b.orphans || (a.orphans === b.orphans && a.score < b.score - 1e-9);

const layoutArb = fc
  .record({
    rows: fc.array(
      fc.record({
        seats: fc.integer({ min: 2, max: 6 }),
        gap: fc.integer({ min: 0, max: 6 }),
        accessible: fc.integer({ min: 0, max: 6 }),
        premium: fc.boolean(),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    depth: fc.double({ min: 0, max: 1, noNaN: true }),
    across: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ rows, depth, across }) => ({
    spot: { depth, across },
    layout: buildSeats({
      name: 'Random',
      sections: [
        { name: 'Standard', priceCents: 0 },
        { name: 'Premium', priceCents: 0 },
      ],
      rows: rows.map((row, i) => ({
        label: String.fromCharCode(65 + i),
        seats: row.seats,
        section: row.premium ? 'Premium' : 'Standard',
        offset: 0,
        gapsAfter: row.gap >= 1 && row.gap < row.seats ? [row.gap] : [],
        accessible: row.accessible >= 1 && row.accessible <= row.seats ? [row.accessible] : [],
      })),
    }),
  }));

const caseArb = layoutArb.chain(({ layout, spot }) =>
  fc.record({
    layout: fc.constant(layout),
    spot: fc.constant(spot),
    // Each seat taken with one probability per case (0 to 60%), so rooms range from empty to nearly full.
    taken: fc
      .tuple(
        fc.integer({ min: 0, max: 60 }),
        fc.array(fc.integer({ min: 0, max: 99 }), { minLength: layout.length, maxLength: layout.length }),
      )
      .map(([share, draws]) => layout.filter((_, i) => (draws[i] as number) < share).map((seat) => seat.label)),
    // A section or an accessible seat in about one request of four each.
    request: fc.record({
      count: fc.integer({ min: 1, max: 5 }),
      section: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('Standard', 'Premium') }),
      accessible: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant(true) }),
    }),
  }),
);

describe('best available: properties', () => {
  test('when rooms and taken seats are random, then the pick is free, the right size, together when it can be, strands none when it can, and scores as well as brute force', () => {
    fc.assert(
      fc.property(caseArb, ({ layout, spot, taken, request }) => {
        const room = prepareRoom(layout, spot);
        const free = without(layout, taken);
        const eligible = layout.filter(
          (seat) => free.has(seat.label) && (request.section === undefined || seat.section === request.section),
        );
        let bestTogether: Judged | undefined;
        let bestSplit: Judged | undefined;
        for (const seats of combinations(eligible, request.count)) {
          if (request.accessible && !seats.some((seat) => seat.accessible)) continue;
          const judged = judge(room, layout, free, seats);
          if (judged.together && lessThan(judged, bestTogether)) bestTogether = judged;
          if (judged.split && lessThan(judged, bestSplit)) bestSplit = judged;
        }
        const pick = pickBestSeats(room, free, request as BestRequest);
        if (eligible.length < request.count) return expect(pick).toEqual({ found: false, reason: 'SEATS_UNAVAILABLE' });
        const expected = bestTogether ?? (request.count >= 4 ? bestSplit : undefined);
        if (!expected) return expect(pick).toEqual({ found: false, reason: 'NO_SEATS_TOGETHER' });
        if (!pick.found) throw new Error(`expected ${expected.labels.join(' ')}, got ${pick.reason}`);
        const seats = pick.seats.map((label) => layout.find((seat) => seat.label === label) as AllocatorSeat);
        expect(new Set(pick.seats).size).toBe(request.count);
        expect(pick.seats.every((label) => free.has(label))).toBe(true);
        expect(seats.every((seat) => request.section === undefined || seat.section === request.section)).toBe(true);
        if (request.accessible) expect(seats.some((seat) => seat.accessible)).toBe(true);
        const judged = judge(room, layout, free, seats);
        expect(judged.together).toBe(bestTogether !== undefined);
        expect(pick.together).toBe(judged.together);
        expect(judged.orphans).toBe(expected.orphans);
        expect(pick.orphans).toBe(judged.orphans);
        expect(judged.score).toBeLessThanOrEqual(expected.score + 1e-9);
        expect(Math.abs(pick.score - judged.score)).toBeLessThan(1e-9);
      }),
      { numRuns: 600 },
    );
  }, 30_000);

  test('when hand-picks are random, then strandedBy names exactly the seats newly left alone that a same-size choice in their run would spare', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 0, max: 1000 }), ({ layout, spot, taken }, seed) => {
        const room = prepareRoom(layout, spot);
        const free = without(layout, taken);
        const freeList = [...free];
        const picked = freeList.filter((_, i) => (seed >> (i % 10)) & 1);
        const stranded = strandedBy(room, free, picked);
        const after = new Set(freeList.filter((label) => !picked.includes(label)));
        const nowAlone = singles(layout, after);
        const before = singles(layout, free);
        // The run of free seats (before the pick) a seat is in: walk left and right while side by side and free.
        const at = new Map(layout.map((seat) => [`${seat.row}:${seat.column}`, seat]));
        const runOf = (label: string) => {
          const seat = layout.find((s) => s.label === label) as AllocatorSeat;
          const run = [seat];
          for (const step of [-1, 1]) {
            for (let c = seat.column + step; free.has(at.get(`${seat.row}:${c}`)?.label ?? ''); c += step)
              run.push(at.get(`${seat.row}:${c}`) as AllocatorSeat);
          }
          return run;
        };
        const spareable = (label: string) => {
          const run = runOf(label);
          return run.length - run.filter((seat) => picked.includes(seat.label)).length !== 1;
        };
        for (const label of stranded) {
          expect(nowAlone.has(label)).toBe(true);
          expect(before.has(label)).toBe(false);
          expect(spareable(label)).toBe(true);
        }
        // Every seat newly left alone that is not named could not have been spared in its run.
        for (const label of nowAlone) if (!before.has(label) && !stranded.includes(label)) expect(spareable(label)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
