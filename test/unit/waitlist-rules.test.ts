import { canSatisfy, chooseSeats, compareQueueOrder, planOffers, runsOf, type LayoutSeat } from '../../src/modules/waitlist/waitlist-rules';

/** Rows of seats; a '|' after a seat number is an aisle (the column jumps by 2). */
function room(rows: string[]): LayoutSeat[] {
  return rows.flatMap((spec, rowIndex) => {
    const row = String.fromCharCode(65 + rowIndex);
    let column = 0;
    return spec.split(' ').map((token, i) => {
      const seat = { label: `${row}${i + 1}`, row, rowIndex, number: i + 1, column };
      column += token.endsWith('|') ? 2 : 1;
      return seat;
    });
  });
}
const only = (layout: LayoutSeat[], labels: string[]) => layout.filter((seat) => labels.includes(seat.label));
const entry = (id: string, sequence: number, partySize: number, adjacent = false, joinedAt = '2030-01-01T10:00:00.000Z') => ({
  id,
  sequence,
  partySize,
  adjacent,
  joinedAt,
});

describe('waitlist rules', () => {
  const layout = room(['o o o o o o', 'o o o| o o o']);

  test('when two entries joined at the same instant, then the lower sequence is first', () => {
    const a = entry('a', 2, 1);
    const b = entry('b', 1, 1);
    const c = entry('c', 0, 1, false, '2030-01-01T10:00:01.000Z');
    expect([a, c, b].sort(compareQueueOrder).map((e) => e.id)).toEqual(['b', 'a', 'c']);
  });

  test('when seats are split by an aisle, then they do not form a run', () => {
    expect(runsOf(only(layout, ['B2', 'B3', 'B4', 'B5']), 3)).toEqual([]);
    expect(runsOf(only(layout, ['B4', 'B5', 'B6']), 3).map((run) => run.map((s) => s.label))).toEqual([['B4', 'B5', 'B6']]);
  });

  test('when 4 free seats are scattered, then a party of 4 adjacent cannot be served but a party of 4 anywhere can', () => {
    const scattered = only(layout, ['A1', 'A3', 'A5', 'B2']);
    expect(canSatisfy({ partySize: 4, adjacent: true }, scattered)).toBe(false);
    expect(canSatisfy({ partySize: 4, adjacent: false }, scattered)).toBe(true);
    expect(canSatisfy({ partySize: 5, adjacent: false }, scattered)).toBe(false);
  });

  test('when several runs fit, then the best-available block wins: no seat stranded, nearest the best spot', () => {
    // Row B is nearer the spot (two thirds back), but any pair in its 3-seat halves strands a seat.
    expect(chooseSeats({ partySize: 2, adjacent: true }, layout, [], layout)).toEqual(['A3', 'A4']);
    expect(chooseSeats({ partySize: 2, adjacent: true }, only(layout, ['B1', 'B2', 'B3', 'B4', 'B5']), [], layout)).toEqual(['B4', 'B5']);
    expect(chooseSeats({ partySize: 2, adjacent: true }, only(layout, ['A1', 'A2', 'A5', 'A6', 'B3', 'B4']), [], layout)).toEqual([
      'A5',
      'A6',
    ]);
    expect(chooseSeats({ partySize: 3, adjacent: true }, only(layout, ['A1', 'A2', 'B4', 'B5', 'B6']), [], layout)).toEqual([
      'B4',
      'B5',
      'B6',
    ]);
  });

  test('when seats are not wanted side by side, then the just-freed seats come first, then the best others', () => {
    const free = only(layout, ['A1', 'A3', 'B6']);
    expect(chooseSeats({ partySize: 1, adjacent: false }, free, ['B6'], layout)).toEqual(['B6']);
    expect(chooseSeats({ partySize: 2, adjacent: false }, free, ['B6'], layout)).toEqual(['A3', 'B6']);
  });

  test('when a party of 4 adjacent is first and 4 scattered seats are free, then it keeps its place and the party of 1 behind it is served', () => {
    const waiting = [entry('four', 1, 4, true), entry('one', 2, 1), entry('two', 3, 2)];
    const offers = planOffers(waiting, only(layout, ['A1', 'A3', 'A5', 'B2']), ['A1'], layout);
    expect(offers.map((o) => [o.entry.id, o.seats])).toEqual([
      ['one', ['A1']],
      ['two', ['A3', 'A5']],
    ]);
    expect(offers[1]?.freeBefore.map((s) => s.label)).toEqual(['A3', 'A5', 'B2']);
  });

  test('when a run of 4 frees up, then the party of 4 at the head is served before anyone behind it', () => {
    const waiting = [entry('one', 2, 1), entry('four', 1, 4, true)];
    const offers = planOffers(waiting, only(layout, ['A1', 'A2', 'A3', 'A4']), ['A1', 'A2', 'A3', 'A4'], layout);
    expect(offers.map((o) => [o.entry.id, o.seats])).toEqual([['four', ['A1', 'A2', 'A3', 'A4']]]);
  });

  test('when nobody waiting can use the free seats, then no offer is made', () => {
    expect(planOffers([entry('three', 1, 3)], only(layout, ['A1', 'B1']), ['A1'], layout)).toEqual([]);
  });
});
