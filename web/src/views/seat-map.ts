// Draws an auditorium's seats in rows, with aisles, sections and prices. Each seat is a <button> whose
// status shows by colour AND by shape/pattern (see styles.css and the legend), and whose accessible
// name reads like "Row C, seat 7, $12.50, available". The whole map is ONE Tab stop (a roving
// tabindex): Tab lands on one seat, the arrow keys move inside, Home/End go to the row's ends.
import type { Auditorium, Seat } from '../api';
import { h, money, replace } from '../dom';

export type SeatLook = 'available' | 'selected' | 'mine' | 'held' | 'sold';

const spoken: Record<SeatLook, string> = {
  available: 'available',
  selected: 'selected',
  mine: 'held by you',
  held: 'held by someone else',
  sold: 'sold',
};
const glyph: Record<SeatLook, string> = { available: '', selected: '✓', mine: '★', held: '–', sold: '✕' };

export function seatName(seat: Seat, look: SeatLook) {
  const accessible = seat.accessible ? ', wheelchair accessible' : '';
  return `Row ${seat.row}, seat ${seat.number}, ${money(seat.priceCents)}${accessible}, ${spoken[look]}`;
}

export function createSeatMap(auditorium: Auditorium | null, seats: Seat[], onPress: (label: string) => void) {
  const buttons = new Map<string, HTMLButtonElement>();
  const width = Math.max(...seats.map((seat) => seat.column)) + 1;
  const columns = `var(--label-size) repeat(${width}, var(--seat-size)) var(--label-size)`;
  const sectionPrices = new Map(auditorium?.sections.map((section) => [section.name, section.priceCents]) ?? []);

  const rows = new Map<number, Seat[]>();
  for (const seat of seats) rows.set(seat.rowIndex, [...(rows.get(seat.rowIndex) ?? []), seat]);

  const element = h(
    'div',
    { class: 'seat-map', 'data-testid': 'seat-map', role: 'group', 'aria-label': 'Seat map', onkeydown: moveFocus },
    h('div', { class: 'screen-edge', 'aria-hidden': 'true' }, 'Screen'),
  );
  element.style.setProperty('--columns', String(width + 2));
  let section = '';
  for (const [rowIndex, rowSeats] of [...rows].sort((a, b) => a[0] - b[0])) {
    const first = rowSeats[0]!;
    if (first.section !== section) {
      section = first.section;
      const price = sectionPrices.get(section) ?? first.priceCents;
      element.append(h('div', { class: 'section-name' }, h('span', {}, `${section} · ${money(price)}`)));
    }
    const row = h(
      'div',
      { class: 'seat-row', role: 'group', 'aria-label': `Row ${first.row}`, style: { gridTemplateColumns: columns } },
      h('span', { class: 'row-label row-label--start', 'aria-hidden': 'true', 'data-testid': `row-label-${first.row}` }, first.row),
    );
    for (const seat of rowSeats) {
      const button = h('button', {
        type: 'button',
        class: 'seat',
        tabindex: '-1',
        'data-testid': `seat-${seat.label}`,
        'data-label': seat.label,
        'data-row': String(rowIndex),
        'data-column': String(seat.column),
        style: { gridColumn: String(seat.column + 2) },
        onclick: () => onPress(seat.label),
        onfocus: () => makeTabStop(button),
      });
      buttons.set(seat.label, button);
      row.append(button);
    }
    row.append(
      h('span', { class: 'row-label row-label--end', 'aria-hidden': 'true', style: { gridColumn: String(width + 2) } }, first.row),
    );
    element.append(row);
  }

  let tabStop: HTMLButtonElement | undefined;
  function makeTabStop(button: HTMLButtonElement) {
    if (tabStop === button) return;
    tabStop?.setAttribute('tabindex', '-1');
    button.setAttribute('tabindex', '0');
    tabStop = button;
  }

  /** Arrow keys move between seats: left/right along the row, up/down to the nearest seat in the next row. */
  function moveFocus(event: KeyboardEvent) {
    const from = event.target as HTMLElement;
    const keys = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'];
    if (!from.dataset.label || !keys.includes(event.key)) return;
    const row = Number(from.dataset.row);
    const column = Number(from.dataset.column);
    const all = [...buttons.values()];
    const inRow = (r: number) => all.filter((b) => Number(b.dataset.row) === r);
    const candidates = {
      ArrowLeft: inRow(row)
        .filter((b) => Number(b.dataset.column) < column)
        .reverse(),
      ArrowRight: inRow(row).filter((b) => Number(b.dataset.column) > column),
      ArrowUp: inRow(row - 1),
      ArrowDown: inRow(row + 1),
      Home: inRow(row).slice(0, 1),
      End: inRow(row).slice(-1),
    }[event.key]!;
    event.preventDefault();
    if (!candidates.length) return;
    const nearest =
      event.key === 'ArrowUp' || event.key === 'ArrowDown'
        ? candidates.reduce((best, b) =>
            Math.abs(Number(b.dataset.column) - column) < Math.abs(Number(best.dataset.column) - column) ? b : best,
          )
        : candidates[0]!;
    nearest.focus();
    nearest.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  return {
    element,
    /** Redraws one seat. Unavailable seats stay focusable (aria-disabled) so keyboard users can hear them. */
    show(seat: Seat, look: SeatLook) {
      const button = buttons.get(seat.label);
      if (!button) return;
      button.dataset.status = look;
      button.className = `seat seat--${look}${seat.accessible ? ' seat--accessible' : ''}`;
      button.setAttribute('aria-label', seatName(seat, look));
      button.setAttribute('aria-pressed', String(look === 'selected'));
      button.setAttribute('aria-disabled', String(look === 'held' || look === 'sold'));
      replace(button, h('span', { 'aria-hidden': 'true' }, glyph[look] || (seat.accessible ? '♿' : '')));
    },
    /** The one seat Tab lands on: the first free one, unless the user has been in the map already. */
    settleTabStop() {
      if (tabStop && document.activeElement === tabStop) return;
      const first = [...buttons.values()].find((b) => b.dataset.status === 'available') ?? buttons.values().next().value;
      if (first && (!tabStop || tabStop.dataset.status !== 'available')) makeTabStop(first);
    },
  };
}

export function legend() {
  const item = (look: SeatLook, text: string) =>
    h('li', {}, h('span', { class: `seat seat--${look} seat--sample`, 'aria-hidden': 'true' }, h('span', {}, glyph[look])), text);
  return h(
    'ul',
    { class: 'legend', 'aria-label': 'Seat legend' },
    item('available', 'Available'),
    item('selected', 'Your selection (✓)'),
    item('mine', 'Held by you (★)'),
    item('held', 'Held by someone else (striped, –)'),
    item('sold', 'Sold (✕)'),
    h(
      'li',
      {},
      h('span', { class: 'seat seat--available seat--accessible seat--sample', 'aria-hidden': 'true' }, h('span', {}, '♿')),
      'Wheelchair accessible',
    ),
  );
}
