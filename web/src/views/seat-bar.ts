// The action bar of the seat page: what is selected, its total, and the one next step (Hold, or Buy
// once seats are held). On a phone it is pinned to the bottom of the screen, so the total and the
// button are always in reach while the map scrolls; on a desktop it is the sidebar's first card.
import { link } from '../app-shell';
import { formatCountdown, h, money, replace } from '../dom';

export function createSeatBar(showtimeId: string, signedIn: boolean, events: { onHold(): void; onCheckout(): void }) {
  const summary = h('p', { class: 'bar-summary', 'data-testid': 'selection-summary' });
  const basketLine = h('p', { class: 'bar-basket', 'data-testid': 'bar-basket', hidden: true });
  const holdButton = h('button', { type: 'button', class: 'primary', 'data-testid': 'hold-button', onclick: events.onHold }, 'Hold seats');
  const checkout = h(
    'button',
    { type: 'button', class: 'primary', 'data-testid': 'bar-checkout', hidden: true, onclick: events.onCheckout },
    'Checkout',
  );
  const action = signedIn
    ? h('div', { class: 'bar-actions' }, holdButton, checkout)
    : h('p', { class: 'bar-actions' }, link(`/login?next=/showtimes/${showtimeId}`, 'Sign in'), ' to hold and buy seats.');
  const element = h(
    'section',
    { class: 'card seat-bar', 'data-testid': 'seat-bar', 'aria-label': 'Your selection' },
    h('div', { class: 'bar-text' }, h('h2', { class: 'bar-title' }, 'Your selection'), summary, basketLine),
    action,
  );

  return {
    element,
    show(state: { labels: string[]; totalCents: number; busy: boolean; basketSeats: number; basketCents: number; deadline: number }) {
      const { labels } = state;
      const tickets = `${labels.length} ticket${labels.length === 1 ? '' : 's'}`;
      replace(summary, labels.length ? `${labels.join(', ')} · ${tickets} · total ${money(state.totalCents)}` : 'Choose seats on the map.');
      holdButton.disabled = labels.length === 0 || state.busy;
      replace(holdButton, labels.length ? `Hold ${labels.length} seat${labels.length > 1 ? 's' : ''}` : 'Hold seats');
      const held = state.basketSeats > 0;
      basketLine.hidden = !held;
      if (held)
        replace(
          basketLine,
          `In your basket: ${state.basketSeats} · ${money(state.basketCents)} · ${formatCountdown((state.deadline - Date.now()) / 1000)} left`,
        );
      // One main action: Hold while something is selected, otherwise go to the basket's checkout.
      holdButton.hidden = held && labels.length === 0;
      checkout.hidden = !held || labels.length > 0;
    },
  };
}
