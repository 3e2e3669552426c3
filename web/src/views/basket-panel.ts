// One basket per showtime: every seat the user holds for it (one hold or several), under ONE timer (the
// earliest deadline) and one checkout with an order summary. The one-minute warning comes from the
// server's hold:expiring event or from the deadline itself, whichever is first.
import { api, type Booking, type Hold } from '../api';
import { say } from '../app-shell';
import { formatCountdown, h, money, replace } from '../dom';
import { describeError } from '../messages';
import { buyHold } from '../purchase';
import { bySeat } from './seat-state';

type Events = {
  priceOf(label: string): number;
  onBought(bookings: Booking[]): void;
  /** Holds that ended without a purchase: released by the user, or expired. */
  onGone(holds: Hold[], reason: 'released' | 'expired'): void;
  onChange(): void;
};

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export function createBasket(events: Events) {
  const holds = new Map<string, Hold>();
  let busy = false;
  let warned = false;
  const countdown = h('strong', { class: 'countdown', 'data-testid': 'hold-countdown', role: 'timer', 'aria-live': 'off' });
  const warning = h(
    'p',
    { class: 'warning', hidden: true, 'data-testid': 'hold-expiring', role: 'alert' },
    'Less than a minute left on your hold.',
  );
  const seatsLine = h('p', { 'data-testid': 'hold-seats' });
  const lines = h('ul', { class: 'order-lines', 'data-testid': 'order-summary' });
  const totalLine = h('p', { class: 'order-total', 'data-testid': 'order-total' });
  const status = h('p', { class: 'note', 'data-testid': 'purchase-status', 'aria-live': 'polite' });
  const buy = h('button', { type: 'button', class: 'primary', 'data-testid': 'buy-button', onclick: () => void act(purchase) }, 'Buy');
  const extend = h('button', { type: 'button', 'data-testid': 'extend-button', onclick: () => void act(extendAll) }, 'Extend once');
  const release = h('button', { type: 'button', 'data-testid': 'release-button', onclick: () => void act(releaseAll) }, 'Release');
  const element = h(
    'section',
    { class: 'card hold', 'data-testid': 'hold-panel', 'aria-label': 'Your basket', id: 'basket' },
    h('h2', {}, 'Your basket'),
    seatsLine,
    lines,
    totalLine,
    h('p', {}, 'Seats held for you for ', countdown),
    warning,
    status,
    h('div', { class: 'actions' }, buy, extend, release),
  );

  const seats = () => [...holds.values()].flatMap((hold) => hold.seats).sort(bySeat);
  const total = () => seats().reduce((sum, label) => sum + events.priceOf(label), 0);
  const deadline = () => Math.min(...[...holds.values()].map((hold) => Date.parse(hold.expiresAt)));

  function draw() {
    if (!holds.size) return void element.remove();
    replace(seatsLine, `Seats ${seats().join(', ')}`);
    replace(lines, ...seats().map((label) => h('li', {}, h('span', {}, `Seat ${label}`), h('span', {}, money(events.priceOf(label))))));
    replace(totalLine, h('span', {}, `Total · ${plural(seats().length, 'ticket')}`), h('strong', {}, money(total())));
    replace(buy, `Buy ${plural(seats().length, 'ticket')} · ${money(total())}`);
    extend.hidden = [...holds.values()].every((hold) => hold.extended);
    tick();
  }

  function tick() {
    if (!holds.size) return;
    const secondsLeft = (deadline() - Date.now()) / 1000;
    replace(countdown, formatCountdown(secondsLeft));
    if (secondsLeft <= 60 && !warned) expiring();
    if (secondsLeft > 0 || busy) return;
    const ended = [...holds.values()].filter((hold) => Date.parse(hold.expiresAt) <= Date.now());
    end(ended, 'expired');
  }
  const timer = setInterval(tick, 250);

  function expiring() {
    warned = true;
    warning.hidden = false;
  }

  function end(ended: Hold[], reason: 'released' | 'expired') {
    ended.forEach((hold) => holds.delete(hold.id));
    if (reason === 'expired')
      say(`Your hold on ${ended.flatMap((hold) => hold.seats).join(', ')} expired and the seats went back on sale.`, 'error', 'hold');
    if (!holds.size) warned = false;
    warning.hidden = !warned;
    draw();
    events.onGone(ended, reason);
    events.onChange();
  }

  async function act(action: () => Promise<void>) {
    if (busy || !holds.size) return;
    busy = true;
    [buy, extend, release].forEach((button) => (button.disabled = true));
    try {
      await action();
    } catch (error) {
      say(describeError(error), 'error', 'hold');
      if ((error as { code?: string }).code === 'HOLD_EXPIRED')
        end(
          [...holds.values()].filter((hold) => Date.parse(hold.expiresAt) <= Date.now() + 1000),
          'expired',
        );
    } finally {
      busy = false;
      replace(status);
      [buy, extend, release].forEach((button) => (button.disabled = false));
      tick();
    }
  }

  async function purchase() {
    const bookings: Booking[] = [];
    try {
      for (const hold of [...holds.values()]) {
        const onRetry = () => replace(status, 'Cannot reach Marquee. Still trying to complete your purchase; your seats stay held.');
        bookings.push(await buyHold(hold.id, { until: Date.parse(hold.expiresAt), onRetry }));
        holds.delete(hold.id);
      }
    } finally {
      if (bookings.length) {
        draw();
        events.onBought(bookings);
        events.onChange();
      }
    }
  }

  async function extendAll() {
    for (const hold of [...holds.values()].filter((one) => !one.extended)) {
      holds.set(hold.id, { ...(await api.extend(hold.id)).hold, extended: true });
    }
    warned = false;
    warning.hidden = true;
    say(`Your seats are now held until ${new Date(deadline()).toLocaleTimeString()}.`, 'success', 'hold');
    draw();
  }

  async function releaseAll() {
    const all = [...holds.values()];
    for (const hold of all) await api.release(hold.id);
    say(`Released ${all.flatMap((hold) => hold.seats).join(', ')}.`, 'info', 'hold');
    end(all, 'released');
  }

  return {
    element,
    add(hold: Hold) {
      holds.set(hold.id, hold);
      draw();
      events.onChange();
    },
    has: (holdId: string) => holds.has(holdId),
    ids: () => [...holds.keys()],
    seats,
    total,
    deadline,
    isEmpty: () => holds.size === 0,
    buy: () => void act(purchase),
    expiring: (holdId: string) => holds.has(holdId) && expiring(),
    expired(holdId: string) {
      const hold = holds.get(holdId);
      if (hold) end([hold], 'expired');
    },
    /** Drops holds the server no longer lists as active (after a reconnect), without a message. */
    keepOnly(activeIds: Set<string>) {
      const gone = [...holds.values()].filter((hold) => !activeIds.has(hold.id));
      if (!gone.length) return;
      gone.forEach((hold) => holds.delete(hold.id));
      draw();
      events.onChange();
    },
    stop: () => clearInterval(timer),
  };
}
