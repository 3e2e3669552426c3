// Zoom for the seat map. A phone starts with seats big enough to touch (44 px) and a visible sideways
// scroll, with row letters pinned at the edges; "−" zooms out down to "whole room fits the width", "+"
// zooms back in, and two fingers pinch between the same limits.
import { h } from '../dom';

const touchSeat = 44;
const gapPx = 4;

export function createMapZoom(map: HTMLElement, columns: number) {
  const scroller = h('div', { class: 'map-scroll', 'data-testid': 'map-scroll' }, map);
  const zoomOut = h(
    'button',
    { type: 'button', class: 'zoom', 'aria-label': 'Zoom out', 'data-testid': 'zoom-out', onclick: () => step(-1) },
    '−',
  );
  const zoomIn = h(
    'button',
    { type: 'button', class: 'zoom', 'aria-label': 'Zoom in', 'data-testid': 'zoom-in', onclick: () => step(1) },
    '+',
  );
  const controls = h(
    'div',
    { class: 'zoom-controls', role: 'group', 'aria-label': 'Seat map zoom' },
    h('span', { class: 'zoom-label', 'aria-hidden': 'true' }, 'Zoom'),
    zoomOut,
    zoomIn,
  );
  const coarse = matchMedia('(pointer: coarse)').matches || innerWidth < 600;
  let size = coarse ? touchSeat : 32;

  /** The seat size at which every column fits the scroller's width. */
  const fitSize = () => {
    const labels = 2 * (coarse ? 28 : 32);
    const room = scroller.clientWidth - labels - gapPx * (columns + 1) - 8;
    return Math.max(8, Math.floor(room / columns));
  };
  const levels = () => [...new Set([fitSize(), 32, touchSeat])].filter((level) => level <= 56).sort((a, b) => a - b);

  function apply(next: number) {
    const fit = fitSize();
    size = Math.round(Math.min(56, Math.max(Math.min(fit, touchSeat), next)));
    map.style.setProperty('--seat-size', `${size}px`);
    map.style.setProperty('--label-size', `${coarse ? 28 : 32}px`);
    map.dataset.zoom = size <= fit ? 'fit' : String(size);
    zoomOut.disabled = size <= Math.min(fit, touchSeat);
    zoomIn.disabled = size >= 56;
  }

  function step(direction: 1 | -1) {
    const list = levels();
    const next =
      direction > 0 ? (list.find((level) => level > size) ?? 56) : ([...list].reverse().find((level) => level < size) ?? list[0]!);
    apply(next);
  }

  // Pinch with two fingers; one finger keeps scrolling the map as usual. Touch events, not pointer
  // events: once the browser starts a pan it cancels the pointers, but touches keep coming.
  let pinch: { distance: number; size: number } | undefined;
  const spread = (touches: TouchList) => Math.hypot(touches[0]!.clientX - touches[1]!.clientX, touches[0]!.clientY - touches[1]!.clientY);
  scroller.addEventListener('touchstart', (event) => {
    if (event.touches.length === 2) pinch = { distance: spread(event.touches), size };
  });
  scroller.addEventListener(
    'touchmove',
    (event) => {
      if (!pinch || event.touches.length !== 2 || pinch.distance <= 0) return;
      event.preventDefault(); // the map zooms, not the page
      apply(pinch.size * (spread(event.touches) / pinch.distance));
    },
    { passive: false },
  );
  scroller.addEventListener('touchend', (event) => {
    if (event.touches.length < 2) pinch = undefined;
  });

  const refit = () => apply(size);
  addEventListener('resize', refit);
  return {
    scroller,
    controls,
    /** Call once the map is in the page, so the width to fit is known. */
    start: () => apply(size),
    stop: () => removeEventListener('resize', refit),
  };
}
