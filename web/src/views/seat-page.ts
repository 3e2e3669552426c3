// The seat page of one showtime: the live seat map, choosing seats, holds with their countdowns, the
// confirmation after buying, and the waitlist when the showtime is sold out.
import { api, ApiError, session, type Booking, type Hold, type Seat, type SeatStatus } from '../api';
import { link, navigate, say } from '../app-shell';
import { formatDateTime, h, money, replace } from '../dom';
import { describeError } from '../messages';
import { isLive, onRealtime, watchShowtime, type SeatChange } from '../realtime';
import { createHoldPanel } from './hold-panel';
import { createSeatMap, legend, type SeatLook } from './seat-map';
import { createWaitlistPanel } from './waitlist-panel';
import { confirmNoStrandedSeat } from '../orphan-warning';
import { mustWait, showWaitingRoom } from './waiting-room-view';

export async function showSeatPage(main: HTMLElement, showtimeId: string) {
  if (await mustWait(showtimeId)) return showWaitingRoom(main, showtimeId); // a rush: the waiting room first
  replace(main, h('p', {}, 'Loading the seat map…'));
  let loaded;
  try {
    loaded = await Promise.all([api.showtime(showtimeId), api.seats(showtimeId)]);
  } catch (error) {
    replace(main, h('p', { 'data-testid': 'seat-page-error' }, describeError(error)), link('/', 'Back to showtimes'));
    return;
  }
  const [{ showtime }, map] = loaded;
  const seats = new Map(map.seats.map((seat) => [seat.label, seat]));
  const selected = new Set<string>();
  const mine = new Set(map.seats.filter((seat) => seat.mine).map((seat) => seat.label));
  // Seats of a hold request still on its way: the live echo of our own hold must not read as "taken".
  const inFlight = new Set<string>();
  const panels = new Map<string, ReturnType<typeof createHoldPanel>>();

  const seatMap = createSeatMap(showtime.auditorium, map.seats, press);
  const liveStatus = h('span', { class: 'live', 'data-testid': 'live-status' }, 'Connecting…');
  const summary = h('p', { 'data-testid': 'selection-summary' });
  const holdButton = h('button', { type: 'button', class: 'primary', 'data-testid': 'hold-button', onclick: holdSelected }, 'Hold seats');
  const holdsArea = h('div', { class: 'holds' });
  const confirmation = h('div', { 'aria-live': 'polite' });
  const waitlist = createWaitlistPanel(showtimeId, {
    onBought: showConfirmation,
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
      h('div', { class: 'map-area' }, seatMap.element, legend()),
      h(
        'aside',
        { class: 'sidebar' },
        h(
          'section',
          { class: 'card' },
          h('h2', {}, 'Your selection'),
          summary,
          session.token ? holdButton : h('p', {}, link(`/login?next=/showtimes/${showtimeId}`, 'Sign in'), ' to hold and buy seats.'),
        ),
        holdsArea,
        confirmation,
        waitlist.element,
      ),
    ),
  );

  const lookOf = (seat: Seat): SeatLook => {
    if (selected.has(seat.label)) return 'selected';
    if (seat.status === 'held' && mine.has(seat.label)) return 'mine';
    return seat.status;
  };

  function redraw() {
    for (const seat of seats.values()) seatMap.show(seat, lookOf(seat));
    const chosen = [...selected].map((label) => seats.get(label)!);
    const total = chosen.reduce((sum, seat) => sum + seat.priceCents, 0);
    replace(summary, chosen.length ? `${chosen.map((seat) => seat.label).join(', ')} · total ${money(total)}` : 'Choose seats on the map.');
    holdButton.disabled = chosen.length === 0 || inFlight.size > 0;
    replace(holdButton, chosen.length ? `Hold ${chosen.length} seat${chosen.length > 1 ? 's' : ''}` : 'Hold seats');
    waitlist.setSoldOut([...seats.values()].every((seat) => seat.status !== 'available'));
  }

  function press(label: string) {
    const seat = seats.get(label)!;
    const look = lookOf(seat);
    if (look === 'selected') selected.delete(label);
    else if (look === 'available') {
      if (!session.token) return say('Sign in to choose seats.', 'info');
      selected.add(label);
    } else if (look === 'mine') return say(`${label} is already held by you.`);
    else return say(look === 'sold' ? `${label} is sold.` : `${label} is held by someone else right now.`);
    redraw();
  }

  /** Applies statuses from the server; a selected seat that someone else took is dropped, with a message. */
  function applyStatuses(changes: SeatChange[]) {
    const taken: string[] = [];
    for (const { label, status } of changes) {
      const seat = seats.get(label);
      if (!seat) continue;
      seat.status = status as SeatStatus;
      if (status !== 'held') mine.delete(label);
      if (status !== 'available' && selected.has(label) && !inFlight.has(label)) {
        selected.delete(label);
        taken.push(label);
      }
    }
    if (taken.length)
      say(`Sorry, ${taken.join(', ')} ${taken.length > 1 ? 'were' : 'was'} just taken by someone else. Pick other seats.`, 'error');
    redraw();
  }

  /** A full seat list from the server says which held seats are ours. */
  function resetMine(list: { label: string; mine?: boolean }[]) {
    mine.clear();
    list.filter((seat) => seat.mine).forEach((seat) => mine.add(seat.label));
  }

  async function reload() {
    try {
      const fresh = await api.seats(showtimeId);
      watcher.seen(fresh.version);
      resetMine(fresh.seats);
      applyStatuses(fresh.seats);
    } catch {
      // The next poll or live message will try again.
    }
  }

  async function holdSelected() {
    const labels = [...selected];
    if (!labels.length || !(await confirmNoStrandedSeat(showtimeId, labels))) return;
    labels.forEach((label) => inFlight.add(label));
    redraw();
    try {
      const { hold } = await api.hold(showtimeId, labels);
      labels.forEach((label) => {
        selected.delete(label);
        mine.add(label);
        seats.get(label)!.status = 'held';
      });
      addHoldPanel(hold);
      say(`Held ${hold.seats.join(', ')}. Buy before the countdown ends.`, 'success');
    } catch (error) {
      if (error instanceof ApiError && error.code === 'NOT_ADMITTED') return navigate(`/showtimes/${encodeURIComponent(showtimeId)}`);
      say(describeError(error), 'error');
      const unavailable = (error as { details?: { seats?: unknown } }).details?.seats;
      if (Array.isArray(unavailable)) {
        for (const label of unavailable) {
          selected.delete(label);
          const seat = seats.get(label);
          if (seat?.status === 'available') seat.status = 'held';
        }
      }
    } finally {
      labels.forEach((label) => inFlight.delete(label));
      redraw();
    }
  }

  function addHoldPanel(hold: Hold) {
    if (panels.has(hold.id)) return;
    const panel = createHoldPanel(hold, {
      totalCents: (labels) => labels.reduce((sum, label) => sum + (seats.get(label)?.priceCents ?? 0), 0),
      onBought: showConfirmation,
      onGone(ended) {
        panels.delete(ended.id);
        ended.seats.forEach((label) => mine.delete(label));
        // Released seats are free now; expired ones are freed by the server's sweep, which we re-read.
        if (panels.size === 0) void reload();
        redraw();
      },
    });
    panels.set(hold.id, panel);
    holdsArea.append(panel.element);
  }

  function showConfirmation(booking: Booking) {
    booking.seats.forEach((label) => {
      mine.delete(label);
      const seat = seats.get(label);
      if (seat) seat.status = 'sold';
    });
    say('Booked! Enjoy the film.', 'success');
    replace(
      confirmation,
      h(
        'section',
        { class: 'card confirmation', 'data-testid': 'confirmation' },
        h('h2', {}, 'Booked!'),
        h('p', {}, `Seats ${booking.seats.join(', ')} · paid ${money(booking.totalCents)}`),
        h('p', {}, 'Booking reference ', h('code', {}, booking.id.slice(-8).toUpperCase())),
        link('/bookings', 'See my bookings'),
      ),
    );
    redraw();
  }

  const watcher = watchShowtime(showtimeId, {
    onSnapshot(snapshot) {
      resetMine(snapshot.seats);
      applyStatuses(snapshot.seats);
    },
    onChanges: applyStatuses,
    onLive(live) {
      replace(liveStatus, live ? '● Live' : '○ Reconnecting…');
      liveStatus.dataset.live = String(live);
    },
  });
  watcher.seen(map.version);
  const personal = [
    onRealtime('hold:expiring', ({ holdId }: { holdId: string }) => panels.get(holdId)?.expiring()),
    onRealtime('hold:expired', ({ holdId }: { holdId: string }) => panels.get(holdId)?.expired()),
  ];
  // Without live updates (socket down, or a proxy that blocks it) the map still refreshes, slowly.
  const poll = setInterval(() => {
    if (!isLive()) void reload();
  }, 5000);

  redraw();
  if (session.token) {
    api.myHolds().then(
      ({ holds }) => {
        holds
          .filter(
            (hold) =>
              hold.showtimeId === showtimeId && hold.status === 'active' && !hold.waitlistEntryId && hold.id !== waitlist.offeredHoldId(),
          )
          .forEach(addHoldPanel);
        redraw();
      },
      () => undefined,
    );
  }

  return {
    stop() {
      watcher.stop();
      waitlist.stop();
      clearInterval(poll);
      personal.forEach((off) => off());
      panels.forEach((panel) => panel.stop());
    },
  };
}
