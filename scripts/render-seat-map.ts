// A small SVG renderer of a seat map, and the pictures of docs/best-available.md made with it:
//   npx tsx scripts/render-seat-map.ts      (writes docs/images/best-available-*.svg)
// Each picture runs the real allocator (src/modules/seats/best-available.ts) on a demo room.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSeats, type AuditoriumInput } from '../src/modules/catalog';
import { demoAuditoriums } from '../src/demo-data';
import { pickBestSeats, prepareRoom, strandedBy, DEFAULT_BEST_SPOT, type AllocatorSeat, type BestSpot } from '../src/modules/seats';

type Mark = 'free' | 'taken' | 'picked' | 'orphan';
const fill: Record<Mark, string> = { free: '#e8eef7', taken: '#9aa3ad', picked: '#2e7d32', orphan: '#d32f2f' };
const SEAT = 18;
const PITCH = 22;
const LEFT = 30;
const TOP = 46;

export function renderSeatMap(
  layout: AllocatorSeat[],
  marks: Map<string, Mark>,
  options: { title: string; spot?: BestSpot; note?: string },
) {
  const columns = layout.map((seat) => seat.column);
  const rows = layout.map((seat) => seat.rowIndex);
  const [minColumn, maxColumn, maxRow] = [Math.min(...columns), Math.max(...columns), Math.max(...rows)];
  const roomWidth = (maxColumn - minColumn + 1) * PITCH;
  const width = Math.max(LEFT * 2 + roomWidth, 620);
  const height = TOP + (maxRow + 1) * PITCH + 60;
  const originX = (width - roomWidth) / 2;
  const x = (column: number) => originX + (column - minColumn) * PITCH;
  const y = (rowIndex: number) => TOP + rowIndex * PITCH;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="16" text-anchor="middle" font-size="13" font-weight="bold">${escape(options.title)}</text>`,
    `<rect x="${originX}" y="24" width="${roomWidth - PITCH + SEAT}" height="6" rx="3" fill="#555"/>`,
    `<text x="${width / 2}" y="41" text-anchor="middle" font-size="9" fill="#555">screen</text>`,
  ];
  for (const rowIndex of new Set(rows)) {
    const label = layout.find((seat) => seat.rowIndex === rowIndex)?.row ?? '';
    parts.push(`<text x="${originX - 8}" y="${y(rowIndex) + 13}" text-anchor="end" font-size="10" fill="#555">${label}</text>`);
  }
  for (const seat of layout) {
    const mark = marks.get(seat.label) ?? 'free';
    const stroke = seat.accessible ? ' stroke="#1565c0" stroke-width="2"' : '';
    parts.push(
      `<rect x="${x(seat.column)}" y="${y(seat.rowIndex)}" width="${SEAT}" height="${SEAT}" rx="4" fill="${fill[mark]}"${stroke}><title>${seat.label}</title></rect>`,
    );
  }
  if (options.spot) {
    const cx = x(minColumn + options.spot.across * (maxColumn - minColumn)) + SEAT / 2;
    const cy = y(options.spot.depth * maxRow) + SEAT / 2;
    parts.push(`<circle cx="${cx}" cy="${cy}" r="5" fill="none" stroke="#f9a825" stroke-width="3"/>`);
  }
  const legendY = height - 30;
  const legend: Array<[string, string]> = [
    [fill.free, 'free'],
    [fill.taken, 'taken'],
    [fill.picked, 'picked'],
    [fill.orphan, 'left alone'],
  ];
  legend.forEach(([color, text], i) => {
    parts.push(`<rect x="${LEFT + i * 90}" y="${legendY}" width="12" height="12" rx="3" fill="${color}"/>`);
    parts.push(`<text x="${LEFT + i * 90 + 16}" y="${legendY + 10}" font-size="10">${text}</text>`);
  });
  if (options.spot)
    parts.push(
      `<circle cx="${LEFT + 4 * 90 + 6}" cy="${legendY + 6}" r="5" fill="none" stroke="#f9a825" stroke-width="3"/><text x="${LEFT + 4 * 90 + 16}" y="${legendY + 10}" font-size="10">best spot</text>`,
    );
  if (options.note) parts.push(`<text x="${LEFT}" y="${height - 6}" font-size="10" fill="#333">${escape(options.note)}</text>`);
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Seats taken by a seeded pseudo-random draw, so the pictures are the same on every run. */
function takenAt(labels: string[], share: number, seed: number) {
  let state = seed;
  const random = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  return new Set(labels.filter(() => random() < share));
}

function marksFor(layout: AllocatorSeat[], taken: Set<string>, picked: string[], stranded: string[] = []) {
  const marks = new Map<string, Mark>();
  for (const seat of layout) marks.set(seat.label, taken.has(seat.label) ? 'taken' : 'free');
  for (const label of picked) marks.set(label, 'picked');
  for (const label of stranded) marks.set(label, 'orphan');
  return marks;
}

function main() {
  const out = join(__dirname, '..', 'docs', 'images');
  mkdirSync(out, { recursive: true });
  const grand = buildSeats(demoAuditoriums[0] as AuditoriumInput);
  const room = prepareRoom(grand);
  const labels = grand.map((seat) => seat.label);
  const freeOf = (taken: Set<string>) => new Set(labels.filter((label) => !taken.has(label)));

  // 1. The empty room: four together, around the best spot.
  const empty = new Set<string>();
  const first = pickBestSeats(room, freeOf(empty), { count: 4 });
  if (!first.found) throw new Error('no pick in the empty room');
  writeFileSync(
    join(out, 'best-available-empty.svg'),
    renderSeatMap(grand, marksFor(grand, empty, first.seats), {
      title: 'Screen 1 · Grand, empty: {count: 4}',
      spot: DEFAULT_BEST_SPOT,
      note: `picked ${first.seats.join(' ')}`,
    }),
  );

  // 2. Half full: the pick keeps together and strands no seat; a hand-pick beside it would strand one.
  const half = takenAt(labels, 0.4, 7);
  const second = pickBestSeats(room, freeOf(half), { count: 4 });
  if (!second.found) throw new Error('no pick in the half-full room');
  writeFileSync(
    join(out, 'best-available-half-full.svg'),
    renderSeatMap(grand, marksFor(grand, half, second.seats), {
      title: 'Screen 1 · Grand, about 40% taken: {count: 4}',
      spot: DEFAULT_BEST_SPOT,
      note: `picked ${second.seats.join(' ')} (together, no seat left alone)`,
    }),
  );

  // 3. The orphan rule: a hand-picked pair that leaves a seat alone where a shift by one would not.
  const studio = buildSeats(demoAuditoriums[1] as AuditoriumInput);
  const studioRoom = prepareRoom(studio);
  const studioTaken = new Set(['E1', 'E2', 'E9', 'E10', 'E11', 'E12', 'F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'D7', 'D8']);
  const handPicked = ['E4', 'E5'];
  const stranded = strandedBy(studioRoom, new Set(studio.map((s) => s.label).filter((l) => !studioTaken.has(l))), handPicked);
  writeFileSync(
    join(out, 'best-available-orphan.svg'),
    renderSeatMap(studio, marksFor(studio, studioTaken, handPicked, stranded), {
      title: 'Screen 2 · Studio: hand-picked E4 E5',
      note: `leaves ${stranded.join(' ')} alone: "warn" says so, "enforce" answers 409 ORPHAN_SEAT (E3 E4 would not)`,
    }),
  );

  // 4. Nothing together in one row: four split two and two, one behind the other.
  const full = new Set(
    labels.filter((label) => {
      const match = /^([A-Z])(\d+)$/.exec(label) as RegExpExecArray;
      return !(['H', 'I'].includes(match[1] as string) && ['9', '10'].includes(match[2] as string)) && !['K3', 'K4', 'L3'].includes(label);
    }),
  );
  const split = pickBestSeats(room, freeOf(full), { count: 4 });
  if (!split.found) throw new Error('no split pick');
  writeFileSync(
    join(out, 'best-available-split.svg'),
    renderSeatMap(grand, marksFor(grand, full, split.seats), {
      title: 'Screen 1 · Grand, nearly sold out: {count: 4}',
      spot: DEFAULT_BEST_SPOT,
      note: `no 4 together in any row: two and two, ${split.seats.join(' ')}; {count: 3} answers 409 NO_SEATS_TOGETHER`,
    }),
  );
  console.log('wrote', out);
}

if (require.main === module) main();
