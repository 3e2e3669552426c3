// Entry point: restores the session, connects live updates and shows the screen for the current path.
import { session } from './api';
import { clearMessage, loadUser, renderNav, setNavigator } from './app-shell';
import { h, replace } from './dom';
import { connectRealtime } from './realtime';
import { showAdmin } from './views/admin-view';
import { showAuth } from './views/auth-view';
import { showBookings } from './views/bookings-view';
import { showShowtimes } from './views/showtimes-view';
import { showSeatPage } from './views/seat-page';

type Screen = { stop?: () => void } | void;
let current: Screen;
let routeCount = 0;

async function route(path: string) {
  const thisRoute = ++routeCount;
  current?.stop?.();
  current = undefined;
  clearMessage();
  // Each screen draws into its own element, so a slow screen that finishes after the user moved on
  // draws into a detached element and is stopped at once.
  const main = h('div', { class: 'screen' });
  replace(document.getElementById('main')!, main);
  const url = new URL(path, location.origin);
  const screen = await showScreen(main, url);
  if (thisRoute === routeCount) current = screen;
  else screen?.stop?.();
}

async function showScreen(main: HTMLElement, url: URL): Promise<Screen> {
  const seatPage = /^\/showtimes\/([^/]+)$/.exec(url.pathname);
  if (seatPage) return showSeatPage(main, decodeURIComponent(seatPage[1]!));
  if (url.pathname === '/login') return showAuth(main, url.searchParams.get('next') ?? '/');
  if (url.pathname === '/bookings') return showBookings(main);
  if (url.pathname === '/admin') return showAdmin(main);
  return showShowtimes(main, url.searchParams);
}

async function start() {
  setNavigator((path) => void route(path));
  await loadUser();
  connectRealtime(session.token);
  renderNav();
  window.addEventListener('popstate', () => void route(location.pathname + location.search));
  await route(location.pathname + location.search);
}

void start();
