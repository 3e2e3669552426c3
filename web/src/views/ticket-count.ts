// "How many tickets?" first: a stepper whose count asks the server for the best seats together
// (GET /api/showtimes/:id/best), which the seat page then shows as the selection, to change by hand.
// The most one person may take is said up front, before anything is refused.
import { h, replace } from '../dom';

// The most seats one person may take for a showtime: the server's limits (GET /api/settings, loaded at
// start by main.ts), 10 (their defaults) until then. The server still enforces its own.
export let maxSeatsPerBooking = 10;
export function setSeatLimits(limits: { maxSeatsPerHold: number; maxSeatsPerUser: number }) {
  maxSeatsPerBooking = Math.min(limits.maxSeatsPerHold, limits.maxSeatsPerUser);
}

export function createTicketCount(events: { max(): number; onCount(count: number): void }) {
  let count = 0;
  const output = h('output', { class: 'count', 'data-testid': 'ticket-count', 'aria-live': 'polite' }, '0');
  const less = h(
    'button',
    { type: 'button', class: 'step', 'aria-label': 'One ticket fewer', 'data-testid': 'count-less', onclick: () => change(-1) },
    '−',
  );
  const more = h(
    'button',
    { type: 'button', class: 'step', 'aria-label': 'One ticket more', 'data-testid': 'count-more', onclick: () => change(1) },
    '+',
  );
  const note = h('p', { class: 'note', 'data-testid': 'ticket-limit' });
  const element = h(
    'section',
    { class: 'ticket-count', 'aria-labelledby': 'ticket-count-title' },
    h('h2', { id: 'ticket-count-title' }, 'How many tickets?'),
    h('div', { class: 'stepper' }, less, output, more),
    note,
  );

  function change(delta: number) {
    const next = Math.max(1, Math.min(events.max(), count + delta));
    if (next === count) return;
    count = next;
    draw();
    events.onCount(count);
  }

  function draw() {
    const max = events.max();
    replace(output, String(count));
    less.disabled = count <= 1;
    more.disabled = count >= max;
    replace(
      note,
      max <= 0
        ? 'You already hold the most tickets one person may have for this showtime.'
        : `You can book up to ${max} ticket${max === 1 ? '' : 's'} here. We pick the best seats together; tap seats to change them.`,
    );
  }

  draw();
  return {
    element,
    /** Shows the size of the selection made by hand, so the count always matches the map. */
    show(selected: number) {
      count = selected;
      draw();
    },
  };
}
