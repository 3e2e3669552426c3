// The waitlist of a sold-out showtime: join with a party size, watch the live position, and when seats
// free up, an offer banner with its own countdown: Buy (purchase the offer's hold) or Decline.
import { api, ApiError, session, type Booking, type WaitlistEntry } from '../api';
import { link, say } from '../app-shell';
import { field } from './auth-view';
import { formatCountdown, h, replace } from '../dom';
import { describeError } from '../messages';
import { buyHold } from '../purchase';
import { onRealtime } from '../realtime';

type Offer = { holdId: string; seats: string[]; expiresAt: string };
const storageKey = (showtimeId: string) => `marquee.waitlist.${showtimeId}`;

export function createWaitlistPanel(showtimeId: string, events: { onBought(booking: Booking): void; onOffer(seats: string[]): void }) {
  let entry: WaitlistEntry | null = null;
  let soldOut = false;
  const element = h('section', { class: 'card waitlist', 'data-testid': 'waitlist-panel', 'aria-label': 'Waitlist', hidden: true });
  const countdown = h('strong', { class: 'countdown', 'data-testid': 'offer-countdown', role: 'timer' });

  function draw() {
    element.hidden = !entry && !soldOut;
    if (!entry) return replace(element, h('h2', {}, 'Sold out'), joinForm());
    if (entry.status === 'offered' && entry.offer) return replace(element, offerBanner(entry.offer));
    if (entry.status === 'waiting') {
      return replace(
        element,
        h('h2', {}, 'On the waitlist'),
        h(
          'p',
          { 'data-testid': 'waitlist-position', 'aria-live': 'polite' },
          `You are number ${entry.position ?? '?'} in line for ${entry.partySize} seat(s).`,
        ),
        h('button', { type: 'button', 'data-testid': 'waitlist-leave', onclick: () => leave('Left the waitlist.') }, 'Leave the waitlist'),
      );
    }
    const endings: Record<string, string> = {
      accepted: 'You bought the seats offered to you.',
      expired: 'Your offer expired and passed to the next in line.',
      left: 'You left the waitlist.',
    };
    replace(element, h('p', { 'data-testid': 'waitlist-status' }, endings[entry.status] ?? entry.status));
  }

  function joinForm() {
    if (!session.token)
      return h('p', {}, 'Every seat is taken. ', link(`/login?next=/showtimes/${showtimeId}`, 'Sign in'), ' to join the waitlist.');
    const party = h('input', {
      type: 'number',
      name: 'partySize',
      min: 1,
      max: 10,
      value: '1',
      required: true,
      'data-testid': 'waitlist-party',
    });
    const adjacent = h('input', { type: 'checkbox', name: 'adjacent', checked: true });
    return h(
      'form',
      {
        'data-testid': 'waitlist-form',
        onsubmit: async (event: SubmitEvent) => {
          event.preventDefault();
          try {
            entry = (await api.joinWaitlist(showtimeId, { partySize: Number(party.value), adjacent: adjacent.checked })).entry;
            localStorage.setItem(storageKey(showtimeId), entry.id);
            say(`You joined the waitlist at number ${entry.position}.`, 'success');
            draw();
          } catch (error) {
            say(describeError(error), 'error');
          }
        },
      },
      h('p', {}, 'Every seat is taken. Join the waitlist: when seats free up, they are offered in order of joining.'),
      field('Party size', party),
      h('label', { class: 'check' }, adjacent, ' Seats next to each other'),
      h('button', { type: 'submit', class: 'primary', 'data-testid': 'waitlist-join' }, 'Join the waitlist'),
    );
  }

  function offerBanner(offer: Offer) {
    tick();
    return h(
      'div',
      { class: 'offer', role: 'alert', 'data-testid': 'waitlist-offer' },
      h('h2', {}, 'Seats are free for you!'),
      h(
        'p',
        {},
        `${offer.seats.join(', ')} ${offer.seats.length > 1 ? 'are' : 'is'} held for you for `,
        countdown,
        '. Buy before it runs out.',
      ),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', class: 'primary', 'data-testid': 'offer-buy', onclick: () => buy(offer) }, 'Buy'),
        h(
          'button',
          {
            type: 'button',
            'data-testid': 'offer-decline',
            onclick: () => leave('You declined the offer; it passes to the next in line.'),
          },
          'Decline',
        ),
      ),
    );
  }

  function tick() {
    const offer = entry?.status === 'offered' ? entry.offer : null;
    if (!offer) return;
    const secondsLeft = (Date.parse(offer.expiresAt) - Date.now()) / 1000;
    replace(countdown, formatCountdown(secondsLeft));
    if (secondsLeft <= 0) void refresh();
  }
  const timer = setInterval(tick, 250);

  async function buy(offer: Offer) {
    try {
      const booking = await buyHold(offer.holdId);
      entry = entry && { ...entry, status: 'accepted', offer: null };
      forget();
      draw();
      events.onBought(booking);
    } catch (error) {
      say(describeError(error), 'error');
      await refresh();
    }
  }

  async function leave(message: string) {
    if (!entry) return;
    try {
      await api.leaveWaitlist(entry.id);
      entry = { ...entry, status: 'left', offer: null };
      forget();
      say(message);
      draw();
    } catch (error) {
      say(describeError(error), 'error');
    }
  }

  async function refresh() {
    const id = entry?.id ?? localStorage.getItem(storageKey(showtimeId));
    if (!id) return draw();
    try {
      entry = (await api.waitlistEntry(id)).entry;
      if (entry.status !== 'waiting' && entry.status !== 'offered') forget();
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 403)) {
        entry = null;
        forget();
      }
    }
    draw();
  }

  const forget = () => localStorage.removeItem(storageKey(showtimeId));
  const mine = (payload: { entryId: string }) => entry?.id === payload.entryId;
  const offs = [
    onRealtime('waitlist:position', (payload: { entryId: string; position: number }) => {
      if (mine(payload) && entry) {
        entry = { ...entry, position: payload.position };
        draw();
      }
    }),
    onRealtime('waitlist:offer', (payload: Offer & { entryId: string }) => {
      if (!mine(payload) || !entry) return;
      entry = { ...entry, status: 'offered', offer: { holdId: payload.holdId, seats: payload.seats, expiresAt: payload.expiresAt } };
      events.onOffer(payload.seats);
      say(`Good news: ${payload.seats.join(', ')} ${payload.seats.length > 1 ? 'are' : 'is'} held for you from the waitlist.`, 'success');
      draw();
    }),
    onRealtime('waitlist:expired', (payload: { entryId: string }) => {
      if (mine(payload) && entry) {
        entry = { ...entry, status: 'expired', offer: null };
        forget();
        say('Your waitlist offer expired.', 'error');
        draw();
      }
    }),
  ];
  // Live events are the fast path; a slow poll catches anything missed while disconnected.
  const poll = setInterval(() => {
    if (entry && (entry.status === 'waiting' || entry.status === 'offered')) void refresh();
  }, 10_000);

  void refresh();
  return {
    element,
    setSoldOut(value: boolean) {
      if (value === soldOut) return;
      soldOut = value;
      draw();
    },
    offeredHoldId: () => (entry?.status === 'offered' ? entry.offer?.holdId : undefined),
    stop() {
      clearInterval(timer);
      clearInterval(poll);
      offs.forEach((off) => off());
    },
  };
}
