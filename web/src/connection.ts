// Whether Marquee answers right now, as the page last saw it: every HTTP answer or socket connect says
// yes, a failed fetch or a dropped socket says no. The offline banner and the screens that wait for the
// server listen here, so each can pick up where the user was when the server is back.
type Listener = (reachable: boolean) => void;

let reachable = true;
const listeners = new Set<Listener>();

export const isReachable = () => reachable;

export function noteReachable(now: boolean) {
  if (now === reachable) return;
  reachable = now;
  listeners.forEach((listener) => listener(now));
}

export function onConnectionChange(listener: Listener) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Resolves when the server answers again (at once if it does now). */
export function whenReachable(): Promise<void> {
  if (reachable) return Promise.resolve();
  return new Promise((resolve) => {
    const off = onConnectionChange((now) => {
      if (!now) return;
      off();
      resolve();
    });
  });
}

/** 1 s, 2 s, 4 s … up to 15 s, with some jitter so a room full of phones does not retry in step. */
export const backoffMs = (attempt: number) => Math.min(15_000, 1000 * 2 ** Math.min(attempt, 4)) * (0.8 + Math.random() * 0.4);
