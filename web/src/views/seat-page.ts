// The seat page of one showtime: how many tickets, the best seats suggested on the live map, choosing by
// hand, one basket for everything held, the confirmation after buying, and the waitlist when sold out.
import { api, session, type Booking, type Hold } from '../api';
import { say } from '../app-shell';
import { onConnectionChange } from '../connection';
import { formatDateTime, h, replace } from '../dom';
import { onRealtime, watchShowtime, type SeatChange } from '../realtime';
import { createBasket } from './basket-panel';
import { createMapZoom } from './map-zoom';
import { loadWhileOffline } from './offline-view';
import { createSeatBar } from './seat-bar';
import { createSeatMap, legend } from './seat-map';
import { createSeatActions } from './seat-actions';
import { bySeat, createSeatState } from './seat-state';
import { confirmationCard, seatPageError, startPolling } from './seat-page-parts';
import { createTicketCount, maxSeatsPerBooking } from './ticket-count';
import { createWaitlistPanel } from './waitlist-panel';
import { mustWait, showWaitingRoom } from './waiting-room-view';

export async function showSeatPage(main: HTMLElement, showtimeId: string) {
  if (await mustWait(showtimeId)) return showWaitingRoom(main, showtimeId); // a rush: the waiting room first
  replace(main, h('p', {}, 'Loading the seat map…'));
  let loaded;
  try {
    loaded = await loadWhileOffline(main, 'the seat map', () => Promise.all([api.showtime(showtimeId), api.seats(showtimeId)]));
  } catch (error) {
    return seatPageError(main, error);
  }
  if (!loaded) return;
  const [{ showtime }, map] = loaded;
  document.title = `Seats · ${showtime.movie.title} · Marquee`;
  const state = createSeatState(map.seats);
  const { seats, selected, mine, inFlight, priceOf, lookOf } = state;

  const seatMap = createSeatMap(showtime.auditorium, map.seats, (label) => actions.press(label));
  const zoom = createMapZoom(seatMap.element, Math.max(...map.seats.map((seat) => seat.column)) + 1);
  const liveStatus = h('span', { class: 'live', 'data-testid': 'live-status' }, 'Connecting…');
  const holdsArea = h('div', { class: 'holds' });
  const confirmation = h('div', { 'aria-live': 'polite' });
  const basket = createBasket({
    priceOf,
    onBought: showConfirmation,
    onGone(ended) {
      ended.forEach((hold) => hold.seats.forEach((label) => mine.delete(label)));
      // Released seats are free now; expired ones are freed by the server's sweep, which we re-read.
      void reload();
      redraw();
    },
    onChange: () => {
      if (!basket.isEmpty() && !basket.element.isConnected) holdsArea.append(basket.element);
      redraw();
    },
  });
  const room = () => maxSeatsPerBooking - basket.seats().length;
  const count = createTicketCount({ max: room, onCount: (n) => void actions.suggest(n) });
  const bar = createSeatBar(showtimeId, Boolean(session.token), { onHold: () => void actions.holdSelected(), onCheckout: checkout });
  const waitlist = createWaitlistPanel(showtimeId, {
    onBought: (booking) => showConfirmation([booking]),
    onOffer(labels) {
      labels.forEach((label) => mine.add(label));
      redraw();
    },
  });

  replace(
    main,
    h(
      'div',
      { class: 'seat-page-head' },
      h('h1', {}, showtime.movie.title),
      h('p', {}, `${formatDateTime(showtime.startsAt)} · ${showtime.auditoriumName} · `, liveStatus),
    ),
    h(
      'div',
      { class: 'seat-page' },
      h('div', { class: 'map-area' }, session.token && count.element, zoom.controls, zoom.scroller, legend()),
      h('aside', { class: 'sidebar' }, bar.element, holdsArea, confirmation, waitlist.element),
    ),
  );
  zoom.start();

  function redraw() {
    for (const seat of seats.values()) seatMap.show(seat, lookOf(seat));
    seatMap.settleTabStop();
    count.show(selected.size);
    updateBar();
    waitlist.setSoldOut(state.soldOut());
  }

  function updateBar() {
    const labels = [...selected].sort(bySeat);
    const totalCents = labels.reduce((sum, label) => sum + priceOf(label), 0);
    bar.show({
      labels,
      totalCents,
      busy: inFlight.size > 0,
      basketSeats: basket.seats().length,
      basketCents: basket.total(),
      deadline: basket.deadline(),
    });
  }

  /** Applies statuses from the server; a selected seat that someone else took is dropped, with a message. */
  function applyStatuses(changes: SeatChange[]) {
    const taken = state.apply(changes);
    const verb = taken.length > 1 ? 'were' : 'was';
    if (taken.length) say(`Sorry, ${taken.join(', ')} ${verb} just taken by someone else. Pick other seats.`, 'error', 'seats');
    redraw();
  }

  async function reload() {
    try {
      const fresh = await api.seats(showtimeId);
      watcher.seen(fresh.version);
      state.resetMine(fresh.seats);
      applyStatuses(fresh.seats);
    } catch {
      // The next poll or live message will try again.
    }
  }

  /** The user's own holds from the server: after a reload or a reconnect the basket is what the server says. */
  async function syncHolds() {
    if (!session.token) return;
    const { holds } = await api.myHolds().catch(() => ({ holds: [] as Hold[] }));
    const ours = holds.filter(
      (hold) => hold.showtimeId === showtimeId && hold.status === 'active' && !hold.waitlistEntryId && hold.id !== waitlist.offeredHoldId(),
    );
    basket.keepOnly(new Set(ours.map((hold) => hold.id)));
    ours.filter((hold) => !basket.has(hold.id)).forEach((hold) => basket.add(hold));
    redraw();
  }

  function checkout() {
    basket.element.scrollIntoView({ block: 'center' });
    basket.element.querySelector<HTMLButtonElement>('[data-testid="buy-button"]')?.focus();
  }

  function showConfirmation(bookings: Booking[]) {
    bookings.forEach((booking) =>
      booking.seats.forEach((label) => {
        mine.delete(label);
        const seat = seats.get(label);
        if (seat) seat.status = 'sold';
      }),
    );
    say('Booked! Enjoy the film.', 'success', 'hold');
    replace(confirmation, confirmationCard(bookings));
    redraw();
  }

  const actions = createSeatActions(showtimeId, state, { room, redraw, onHeld: (hold) => basket.add(hold) });
  const watcher = watchShowtime(showtimeId, {
    onSnapshot(snapshot) {
      state.resetMine(snapshot.seats);
      applyStatuses(snapshot.seats);
    },
    onChanges: applyStatuses,
    onLive(live) {
      replace(liveStatus, live ? '● Live' : '○ Reconnecting…');
      liveStatus.dataset.live = String(live);
      // Back after a drop: personal events may have been missed, so re-read seats and holds.
      if (live) void reload().then(syncHolds);
    },
  });
  watcher.seen(map.version);
  const offs = [
    onRealtime('hold:expiring', ({ holdId }: { holdId: string }) => basket.expiring(holdId)),
    onRealtime('hold:expired', ({ holdId }: { holdId: string }) => basket.expired(holdId)),
    onConnectionChange((reachable) => reachable && void reload()),
  ];
  const polling = startPolling(reload, updateBar);

  redraw();
  void syncHolds();

  return {
    stop() {
      watcher.stop();
      waitlist.stop();
      polling.stop();
      zoom.stop();
      basket.stop();
      offs.forEach((off) => off());
    },
  };
}
