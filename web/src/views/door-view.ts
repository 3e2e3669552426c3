// The door page (/door) for staff and admins: pick the showtime being let in, then type, paste or scan
// each ticket's code. The answer is one big line, green for "come in" and red for anything else, in
// words a person at the door can act on; the count of admitted vs sold refreshes after every scan and
// every few seconds (other doors scan too).
import { api, type Showtime } from '../api';
import { link, user } from '../app-shell';
import { formatDateTime, h, replace } from '../dom';
import { describeError } from '../messages';
import { ticketsApi } from '../tickets';
import { cameraScanningAvailable, startCameraScan } from './door-camera';
import { verdictOf } from './door-verdict';

const countRefreshMs = 5000;

export async function showDoor(main: HTMLElement, searchParams: URLSearchParams) {
  const role = user()?.role;
  if (role !== 'staff' && role !== 'admin') {
    return void replace(
      main,
      h('p', { 'data-testid': 'door-denied' }, 'The door page is for door staff and admins. ', link('/login?next=/door', 'Sign in')),
    );
  }
  replace(main, h('h1', {}, 'Door check-in'), h('p', {}, 'Loading…'));
  const from = new Date(Date.now() - 12 * 3600_000).toISOString();
  let list: Showtime[];
  try {
    list = (await api.showtimes({ from }, true)).showtimes;
  } catch (error) {
    return void replace(main, h('h1', {}, 'Door check-in'), h('p', {}, describeError(error)));
  }
  const showtimes = new Map(list.map((showtime) => [showtime.id, showtime]));
  const wanted = searchParams.get('showtime');
  const picker = h(
    'select',
    { id: 'door-showtime', 'data-testid': 'door-showtime', onchange: () => void refreshCount() },
    h('option', { value: '' }, 'Any showtime (no showtime check)'),
    ...list.map((showtime) =>
      h(
        'option',
        { value: showtime.id, selected: showtime.id === wanted || undefined },
        `${showtime.movieTitle} — ${formatDateTime(showtime.startsAt)} · ${showtime.auditoriumName}`,
      ),
    ),
  );
  if (!wanted && list.length) picker.value = list[0]!.id;
  const count = h('p', { class: 'door-count', 'data-testid': 'door-count', 'aria-live': 'polite' });
  const input = h('input', {
    id: 'door-code',
    name: 'code',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    required: true,
    'data-testid': 'door-code',
    'aria-describedby': 'door-code-help',
  });
  const result = h('div', { class: 'door-result', role: 'status', 'aria-live': 'assertive', 'data-testid': 'door-result' });
  const video = h('video', { class: 'door-video', muted: true, playsinline: true, hidden: true, 'aria-label': 'Camera view' });
  let stopCamera: (() => void) | undefined;

  async function refreshCount() {
    const showtimeId = picker.value;
    if (!showtimeId) return void replace(count, 'Pick a showtime to see how many are in.');
    try {
      const { admitted, sold } = await ticketsApi.admissions(showtimeId);
      count.dataset.admitted = String(admitted);
      count.dataset.sold = String(sold);
      replace(count, h('strong', {}, String(admitted)), ` admitted of ${sold} sold`, sold ? ` · ${sold - admitted} still to come` : '');
    } catch (error) {
      replace(count, describeError(error));
    }
  }

  async function check(code: string) {
    const trimmed = code.trim();
    if (!trimmed) return;
    result.dataset.state = 'checking';
    const answer = await ticketsApi.checkIn(trimmed, picker.value || undefined).then(
      (ok) => ok,
      (error: unknown) => ({ error }),
    );
    const verdict = verdictOf(answer, showtimes);
    result.className = `door-result door-result--${verdict.admitted ? 'admitted' : 'refused'}`;
    result.dataset.outcome = verdict.admitted ? 'admitted' : 'refused';
    result.dataset.state = 'done';
    replace(
      result,
      h('span', { class: 'door-result__icon', 'aria-hidden': 'true' }, verdict.admitted ? '✓' : '✕'),
      h('span', { class: 'door-result__headline', 'data-testid': 'door-headline' }, verdict.headline),
      verdict.detail && h('span', { class: 'door-result__detail' }, verdict.detail),
    );
    input.value = '';
    input.focus();
    await refreshCount();
  }

  const form = h(
    'form',
    {
      class: 'door-form',
      onsubmit: (event: SubmitEvent) => {
        event.preventDefault();
        void check(input.value);
      },
    },
    h('label', { for: 'door-code' }, 'Ticket code'),
    h(
      'div',
      { class: 'door-form__row' },
      input,
      h('button', { type: 'submit', class: 'primary', 'data-testid': 'door-check' }, 'Check in'),
    ),
    h('small', { id: 'door-code-help' }, 'Type or paste the code under the QR (spaces do not matter), or scan it.'),
  );

  const camera =
    cameraScanningAvailable() &&
    h(
      'button',
      {
        type: 'button',
        'data-testid': 'door-camera',
        onclick: async (event: MouseEvent) => {
          const button = event.currentTarget as HTMLButtonElement;
          if (stopCamera) {
            stopCamera();
            stopCamera = undefined;
            video.hidden = true;
            button.textContent = 'Scan with camera';
            return;
          }
          try {
            stopCamera = await startCameraScan(video, (code) => void check(code));
            video.hidden = false;
            button.textContent = 'Stop camera';
          } catch {
            replace(result, 'The camera could not be started. Type the code instead.');
          }
        },
      },
      'Scan with camera',
    );

  replace(
    main,
    h('h1', {}, 'Door check-in'),
    h(
      'div',
      { class: 'door' },
      h('p', { class: 'door-field' }, h('label', { for: 'door-showtime' }, 'Showtime'), picker),
      count,
      form,
      camera,
      video,
      result,
    ),
  );
  input.focus();
  await refreshCount();
  const timer = setInterval(() => void refreshCount(), countRefreshMs);
  return {
    stop() {
      clearInterval(timer);
      stopCamera?.();
    },
  };
}
