// While Marquee cannot be reached: a banner that says so, counts down to the next try (backoff), and
// offers "Try now". The probe is GET /healthz; the socket's own reconnect may get there first. When
// the server answers, the banner and any "Cannot reach" message go, and waiting screens carry on.
import { backoffMs, isReachable, noteReachable, onConnectionChange } from './connection';
import { h, replace } from './dom';
import { dismissTopic } from './toast';

let attempt = 0;
let next: ReturnType<typeof setTimeout> | undefined;
let ticker: ReturnType<typeof setInterval> | undefined;

async function probe() {
  try {
    const answer = await fetch('/healthz', { cache: 'no-store' });
    if (answer.ok) return noteReachable(true);
  } catch {
    // still away
  }
  schedule();
}

function schedule() {
  clearTimeout(next);
  clearInterval(ticker);
  const delay = backoffMs(attempt++);
  const due = Date.now() + delay;
  const banner = document.getElementById('offline')!;
  const countdown = h('span', { 'data-testid': 'offline-retry-in' });
  const tick = () => replace(countdown, `Trying again in ${Math.max(1, Math.ceil((due - Date.now()) / 1000))} s.`);
  tick();
  ticker = setInterval(tick, 500);
  replace(
    banner,
    h('strong', {}, 'Cannot reach Marquee right now. '),
    'Your place is kept: this page carries on when the connection is back. ',
    countdown,
    ' ',
    h('button', { type: 'button', 'data-testid': 'offline-retry', onclick: () => void probe() }, 'Try now'),
  );
  banner.hidden = false;
  next = setTimeout(() => void probe(), delay);
}

export function startOfflineBanner() {
  onConnectionChange((reachable) => {
    const banner = document.getElementById('offline')!;
    if (!reachable) return schedule();
    attempt = 0;
    clearTimeout(next);
    clearInterval(ticker);
    banner.hidden = true;
    replace(banner);
    dismissTopic('network');
  });
  if (!isReachable()) schedule();
}
