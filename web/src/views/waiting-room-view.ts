// The waiting page of a showtime whose waiting room is on: the fan's place in line, the ETA and a progress
// bar, live over socket.io (queue:position, queue:admitted) with a poll every 15 s, which is also the
// heartbeat that keeps the place. Once admitted it goes to the seat page.
import { call, session } from '../api';
import { link, navigate } from '../app-shell';
import { formatDateTime, h, replace } from '../dom';
import { describeError } from '../messages';
import { onRealtime } from '../realtime';

type Ticket = { id: string; status: 'waiting' | 'admitted' | 'expired' | 'left'; position: number | null; etaSeconds: number };
type Room = { enabled: boolean; opensAt: string; seedHash: string };

const HEARTBEAT_MS = 15_000;
const join = (showtimeId: string) => call<{ ticket: Ticket }>('POST', `/api/showtimes/${encodeURIComponent(showtimeId)}/queue`);

/** Whether the seat page must wait: the room is on and the signed-in caller holds no live admission. */
export async function mustWait(showtimeId: string): Promise<boolean> {
  if (!session.token) return false; // browsing needs no place; holding seats asks to sign in first
  try {
    const { waitingRoom } = await call<{ waitingRoom: Room }>('GET', `/api/showtimes/${encodeURIComponent(showtimeId)}/waiting-room`);
    if (!waitingRoom.enabled) return false;
    return (await join(showtimeId)).ticket.status !== 'admitted';
  } catch {
    return false; // no room (404), or it cannot be read: the holds themselves still answer NOT_ADMITTED
  }
}

const describeEta = (seconds: number) =>
  seconds < 60 ? 'less than a minute' : seconds < 3600 ? `about ${Math.round(seconds / 60)} min` : `about ${(seconds / 3600).toFixed(1)} h`;

export async function showWaitingRoom(main: HTMLElement, showtimeId: string) {
  const seatPage = `/showtimes/${encodeURIComponent(showtimeId)}`;
  replace(main, h('p', {}, 'Finding your place in line…'));
  let ticket: Ticket;
  let room: Room;
  try {
    room = (await call<{ waitingRoom: Room }>('GET', `/api/showtimes/${encodeURIComponent(showtimeId)}/waiting-room`)).waitingRoom;
    ticket = (await join(showtimeId)).ticket;
  } catch (error) {
    replace(main, h('p', { 'data-testid': 'waiting-error' }, describeError(error)), link('/', 'Back to showtimes'));
    return;
  }
  let firstPosition = ticket.position;
  const position = h('p', { class: 'queue-position', 'data-testid': 'queue-position' });
  const eta = h('p', { 'data-testid': 'queue-eta' });
  const bar = h('progress', { 'data-testid': 'queue-progress', max: 100 });
  const note = h(
    'p',
    { class: 'muted' },
    'Keep this page open: your place is kept while it is. Arriving earlier does not help before the doors open.',
  );
  replace(
    main,
    h('section', { class: 'card waiting-room' }, h('h1', {}, 'You are in line'), position, eta, bar, note, link('/', 'Leave and browse')),
  );

  function show(next: Ticket) {
    ticket = next;
    if (ticket.status === 'admitted') return navigate(seatPage);
    if (ticket.status !== 'waiting') {
      position.textContent = 'Your place lapsed because this page was closed or offline for a while.';
      eta.replaceChildren(h('button', { type: 'button', class: 'primary', onclick: () => navigate(seatPage) }, 'Queue again'));
      bar.remove();
      return;
    }
    if (ticket.position === null) {
      position.textContent = `The doors open at ${formatDateTime(room.opensAt)}. Everyone here by then gets a place in a random order.`;
      bar.removeAttribute('value'); // indeterminate until the draw
    } else {
      firstPosition ??= ticket.position;
      position.textContent = ticket.position === 1 ? 'You are next.' : `Your place in line: ${ticket.position}`;
      bar.value = firstPosition > 0 ? Math.round((100 * (firstPosition - ticket.position + 1)) / (firstPosition + 1)) : 100;
    }
    eta.textContent = `Estimated wait: ${describeEta(ticket.etaSeconds)}`;
  }

  const poll = async () => {
    try {
      show((await call<{ ticket: Ticket }>('GET', `/api/queue/${encodeURIComponent(ticket.id)}`)).ticket);
    } catch {
      // The next poll tries again; the socket may still bring news.
    }
  };
  const timer = setInterval(() => void poll(), HEARTBEAT_MS);
  const unsubscribes = [
    onRealtime<{ ticketId: string; position: number; etaSeconds: number }>('queue:position', (message) => {
      if (message.ticketId === ticket.id) show({ ...ticket, position: message.position, etaSeconds: message.etaSeconds });
    }),
    onRealtime<{ ticketId: string }>('queue:admitted', (message) => {
      if (message.ticketId === ticket.id) show({ ...ticket, status: 'admitted' });
    }),
  ];
  show(ticket);
  return {
    stop() {
      clearInterval(timer);
      unsubscribes.forEach((unsubscribe) => unsubscribe());
    },
  };
}
