// What the user does on the seat map: press a seat (with the limit said before it is hit), ask for
// the best seats for a number of tickets, and hold the selection (after the orphan-seat check).
import { api, ApiError, session, type Hold } from '../api';
import { navigate, say } from '../app-shell';
import { describeError as describe } from '../messages';
import { confirmNoStrandedSeat } from '../orphan-warning';
import { dismissTopic } from '../toast';
import type { createSeatState } from './seat-state';
import { maxSeatsPerBooking } from './ticket-count';

type Page = { room(): number; redraw(): void; onHeld(hold: Hold): void };

export function createSeatActions(showtimeId: string, state: ReturnType<typeof createSeatState>, page: Page) {
  const { seats, selected, mine, inFlight, lookOf } = state;
  const { room, redraw } = page;

  function press(label: string) {
    const look = lookOf(seats.get(label)!);
    dismissTopic('seats');
    if (look === 'selected') selected.delete(label);
    else if (look === 'available') {
      if (!session.token) return say('Sign in to choose seats.', 'info', 'seats');
      if (selected.size >= room())
        return say(`You can book up to ${maxSeatsPerBooking} tickets at a time, so ${label} was not added.`, 'info', 'seats');
      selected.add(label);
    } else if (look === 'mine') return say(`${label} is already held by you.`, 'info', 'seats');
    else return say(look === 'sold' ? `${label} is sold.` : `${label} is held by someone else right now.`, 'info', 'seats');
    redraw();
  }

  /** The best seats together for `n` tickets become the selection, to change by hand. */
  async function suggest(n: number) {
    try {
      const { seats: best } = await api.best(showtimeId, n);
      selected.clear();
      best.forEach((label) => selected.add(label));
      say(`Best seats together: ${best.join(', ')}. Tap seats to change them.`, 'info', 'seats');
    } catch (error) {
      const none = error instanceof ApiError && (error.code === 'NO_SEATS_TOGETHER' || error.code === 'SEATS_UNAVAILABLE');
      say(
        none ? `There are no ${n} seats together now. Pick seats on the map.` : 'Could not suggest seats. Pick them on the map.',
        'info',
        'seats',
      );
    }
    redraw();
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
      page.onHeld(hold);
      say(`Held ${hold.seats.join(', ')}. They are in your basket until the timer ends.`, 'success', 'hold');
    } catch (error) {
      if (error instanceof ApiError && error.code === 'NOT_ADMITTED') return navigate(`/showtimes/${encodeURIComponent(showtimeId)}`);
      say(describe(error), 'error', error instanceof ApiError && error.code === 'SEATS_UNAVAILABLE' ? 'seats' : undefined);
      const unavailable = (error as { details?: { seats?: unknown } }).details?.seats;
      for (const label of Array.isArray(unavailable) ? unavailable : []) {
        selected.delete(label);
        const seat = seats.get(label);
        if (seat?.status === 'available') seat.status = 'held';
      }
    } finally {
      labels.forEach((label) => inFlight.delete(label));
      redraw();
    }
  }

  return { press, suggest, holdSelected };
}
