// One active hold: its seats, a countdown to expiresAt, and Buy / Extend once / Release.
import { api, type Booking, type Hold } from '../api';
import { say } from '../app-shell';
import { formatCountdown, h, money, replace } from '../dom';
import { describeError } from '../messages';
import { buyHold } from '../purchase';

type Events = {
  totalCents(seats: string[]): number;
  onBought(booking: Booking): void;
  /** The hold ended without a purchase: released by the user, or expired. */
  onGone(hold: Hold, reason: 'released' | 'expired'): void;
};

export function createHoldPanel(initial: Hold, events: Events) {
  let hold = initial;
  let busy = false;
  let gone = false;
  const countdown = h('strong', { class: 'countdown', 'data-testid': 'hold-countdown', role: 'timer', 'aria-live': 'off' });
  const warning = h('p', { class: 'warning', hidden: true, 'data-testid': 'hold-expiring' }, 'Less than a minute left on your hold.');
  const buy = h('button', { type: 'button', class: 'primary', 'data-testid': 'buy-button', onclick: () => act(purchase) }, 'Buy');
  const extend = h('button', { type: 'button', 'data-testid': 'extend-button', onclick: () => act(extendOnce) }, 'Extend once');
  const release = h('button', { type: 'button', 'data-testid': 'release-button', onclick: () => act(releaseNow) }, 'Release');
  const seatsLine = h('p', { 'data-testid': 'hold-seats' });
  const element = h(
    'section',
    { class: 'card hold', 'data-testid': 'hold-panel', 'aria-label': 'Your hold' },
    h('h2', {}, 'Seats held for you'),
    seatsLine,
    h('p', {}, 'Time left: ', countdown),
    warning,
    h('div', { class: 'actions' }, buy, extend, release),
  );

  function draw() {
    replace(seatsLine, `${hold.seats.join(', ')} · total ${money(events.totalCents(hold.seats))}`);
    extend.hidden = Boolean(hold.extended);
    tick();
  }

  function tick() {
    if (gone) return;
    const secondsLeft = (Date.parse(hold.expiresAt) - Date.now()) / 1000;
    replace(countdown, formatCountdown(secondsLeft));
    if (secondsLeft <= 0 && !busy) end('expired');
  }
  const timer = setInterval(tick, 250);

  function end(reason: 'released' | 'expired') {
    if (gone) return;
    gone = true;
    clearInterval(timer);
    element.remove();
    if (reason === 'expired') say(`Your hold on ${hold.seats.join(', ')} expired and the seats went back on sale.`, 'error');
    events.onGone(hold, reason);
  }

  async function act(action: () => Promise<void>) {
    if (busy || gone) return;
    busy = true;
    [buy, extend, release].forEach((button) => (button.disabled = true));
    try {
      await action();
    } catch (error) {
      say(describeError(error), 'error');
      if ((error as { code?: string }).code === 'HOLD_EXPIRED') end('expired');
    } finally {
      busy = false;
      [buy, extend, release].forEach((button) => (button.disabled = false));
      tick();
    }
  }

  async function purchase() {
    const booking = await buyHold(hold.id);
    gone = true;
    clearInterval(timer);
    element.remove();
    events.onBought(booking);
  }

  async function extendOnce() {
    hold = { ...(await api.extend(hold.id)).hold, extended: true };
    warning.hidden = true;
    say(`Your hold now lasts until ${new Date(hold.expiresAt).toLocaleTimeString()}.`, 'success');
    draw();
  }

  async function releaseNow() {
    await api.release(hold.id);
    say(`Released ${hold.seats.join(', ')}.`);
    end('released');
  }

  draw();
  return {
    element,
    hold: () => hold,
    expiring() {
      warning.hidden = false;
    },
    expired() {
      end('expired');
    },
    stop() {
      gone = true;
      clearInterval(timer);
    },
  };
}
