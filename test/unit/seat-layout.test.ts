import { buildSeats, compareLabels, type AuditoriumInput } from '../../src/modules/catalog';

const layout: AuditoriumInput = {
  name: 'Test room',
  sections: [
    { name: 'Standard', priceCents: 1000 },
    { name: 'Premium', priceCents: 1800 },
  ],
  rows: [
    { label: 'A', seats: 5, section: 'Standard', offset: 2, gapsAfter: [2], accessible: [1, 5] },
    { label: 'B', seats: 6, section: 'Premium', offset: 0, gapsAfter: [2, 4], accessible: [] },
  ],
};

describe('buildSeats', () => {
  it('when rows are given, then there is one seat per seat number, front row first, labelled row + number', () => {
    const seats = buildSeats(layout);
    expect(seats).toHaveLength(11);
    expect(seats.map((seat) => seat.label)).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'B1', 'B2', 'B3', 'B4', 'B5', 'B6']);
    expect(seats.map((seat) => [seat.row, seat.rowIndex])).toEqual([...Array(5).fill(['A', 0]), ...Array(6).fill(['B', 1])]);
    expect(seats.find((seat) => seat.label === 'B4')).toMatchObject({ row: 'B', number: 4 });
  });

  it('when a row has an offset and gaps, then columns start at the offset and skip one column after each gap', () => {
    const seats = buildSeats(layout);
    const columnsOf = (row: string) => seats.filter((seat) => seat.row === row).map((seat) => seat.column);
    expect(columnsOf('A')).toEqual([2, 3, 5, 6, 7]);
    expect(columnsOf('B')).toEqual([0, 1, 3, 4, 6, 7]);
  });

  it('when rows belong to sections, then each seat carries its section and that section price', () => {
    const seats = buildSeats(layout);
    expect(seats.filter((seat) => seat.section === 'Standard')).toHaveLength(5);
    expect(seats.filter((seat) => seat.section === 'Premium')).toHaveLength(6);
    expect(seats.filter((seat) => seat.row === 'A').map((seat) => seat.priceCents)).toEqual(Array(5).fill(1000));
    expect(seats.filter((seat) => seat.row === 'B').map((seat) => seat.priceCents)).toEqual(Array(6).fill(1800));
  });

  it('when seat numbers are listed as accessible, then exactly those seats are accessible', () => {
    const accessible = buildSeats(layout)
      .filter((seat) => seat.accessible)
      .map((seat) => seat.label);
    expect(accessible).toEqual(['A1', 'A5']);
  });

  it('when a row has no gaps and no offset, then its columns are 0..n-1', () => {
    const seats = buildSeats({
      name: 'Plain',
      sections: [{ name: 'Standard', priceCents: 500 }],
      rows: [{ label: 'AA', seats: 3, section: 'Standard', offset: 0, gapsAfter: [], accessible: [] }],
    });
    expect(seats.map((seat) => [seat.label, seat.column])).toEqual([
      ['AA1', 0],
      ['AA2', 1],
      ['AA3', 2],
    ]);
  });
});

describe('compareLabels', () => {
  it('when labels share a row, then they sort by seat number, not as text', () => {
    expect(['A10', 'A2', 'A1'].sort(compareLabels)).toEqual(['A1', 'A2', 'A10']);
  });

  it('when labels are in different rows, then single-letter rows come before double-letter rows, then alphabetically', () => {
    expect(['AA1', 'B3', 'A12', 'Z1', 'AB2', 'B1'].sort(compareLabels)).toEqual(['A12', 'B1', 'B3', 'Z1', 'AA1', 'AB2']);
  });

  it('when two labels are equal, then they compare as 0', () => {
    expect(compareLabels('C7', 'C7')).toBe(0);
  });
});
