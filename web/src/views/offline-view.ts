// A screen that cannot load because Marquee is away does not end on an error page: it says so, keeps
// trying (on a backoff, at once when the connection is back, or when "Try again" is pressed), and then
// draws itself where the user was.
import { ApiError } from '../api';
import { backoffMs, onConnectionChange } from '../connection';
import { h, replace } from '../dom';

const isAway = (error: unknown) => error instanceof ApiError && (error.code === 'NETWORK' || [502, 503, 504].includes(error.status));

/** Runs `load` until it answers. Rethrows real errors (404 …); returns undefined if the user left the screen. */
export async function loadWhileOffline<T>(main: HTMLElement, what: string, load: () => Promise<T>): Promise<T | undefined> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await load();
    } catch (error) {
      if (!isAway(error)) throw error;
    }
    if (!main.isConnected) return undefined;
    await new Promise<void>((resume) => {
      const done = () => {
        clearTimeout(timer);
        off();
        resume();
      };
      const timer = setTimeout(done, backoffMs(attempt));
      const off = onConnectionChange((reachable) => reachable && done());
      replace(
        main,
        h(
          'section',
          { class: 'card offline-screen', 'data-testid': 'screen-offline' },
          h('h1', {}, 'Waiting for Marquee'),
          h('p', {}, `We cannot reach Marquee to load ${what}. We keep trying, and this page fills in by itself as soon as it answers.`),
          h('button', { type: 'button', class: 'primary', 'data-testid': 'screen-retry', onclick: done }, 'Try again now'),
        ),
      );
    });
    if (!main.isConnected) return undefined;
  }
}
