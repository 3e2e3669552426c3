// Pure rules about a room's layout: turning rows/sections/gaps into seats with labels and positions.
import type { AuditoriumInput, SeatView } from './catalog.schemas';

/** Seats of a layout, front row first, with the column each one is drawn in (gaps count as columns). */
export function buildSeats(layout: AuditoriumInput): SeatView[] {
  const priceOf = new Map(layout.sections.map((section) => [section.name, section.priceCents]));
  return layout.rows.flatMap((row, rowIndex) => {
    const gaps = new Set(row.gapsAfter);
    const accessible = new Set(row.accessible);
    let column = row.offset;
    const seats: SeatView[] = [];
    for (let number = 1; number <= row.seats; number++) {
      seats.push({
        label: `${row.label}${number}`,
        row: row.label,
        number,
        rowIndex,
        column,
        section: row.section,
        priceCents: priceOf.get(row.section) ?? 0,
        accessible: accessible.has(number),
      });
      column += gaps.has(number) ? 2 : 1;
    }
    return seats;
  });
}

/** Orders labels the way a person reads a seat map: by row, then by seat number ("A2" before "A10"). */
export function compareLabels(a: string, b: string): number {
  const [, rowA = '', numberA = '0'] = /^([A-Z]+)(\d+)$/.exec(a) ?? [];
  const [, rowB = '', numberB = '0'] = /^([A-Z]+)(\d+)$/.exec(b) ?? [];
  if (rowA !== rowB) return rowA.length - rowB.length || (rowA < rowB ? -1 : 1);
  return Number(numberA) - Number(numberB);
}
