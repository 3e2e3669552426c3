// Entry point: restores the session, connects live updates and shows the screen for the current path.
import { api, session } from './api';
import { clearMessage, loadUser, renderNav, setNavigator } from './app-shell';
import { h, replace, setCurrency } from './dom';
import { startOfflineBanner } from './offline-banner';
import { connectRealtime } from './realtime';
import { showAdmin } from './views/admin-view';
import { showAuth } from './views/auth-view';
import { showBookings } from './views/bookings-view';
import { showClassroom } from './views/classroom-view';
import { showFilm } from './views/film-view';
import { showDoor } from './views/door-view';
import { showTicketPrint } from './views/ticket-print-view';
import { showShowtimes } from './views/showtimes-view';
import { showSeatPage } from './views/seat-page';
import { setSeatLimits } from './views/ticket-count';

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
  document.title = titleFor(url.pathname);
  // After a change of screen, focus goes to the new content, as a page load would put it at the top.
  if (thisRoute > 1) document.getElementById('main')!.focus({ preventScroll: true });
  const screen = await showScreen(main, url);
  if (thisRoute === routeCount) current = screen;
  else screen?.stop?.();
}

/** Each screen's own document.title; a screen with a name to show (a film) sets a better one itself. */
function titleFor(pathname: string) {
  const titles: [RegExp, string][] = [
    [/^\/showtimes\//, 'Choose seats'],
    [/^\/films\//, 'Film'],
    [/^\/login$/, 'Sign in'],
    [/^\/bookings/, 'My bookings'],
    [/^\/door$/, 'Door check-in'],
    [/^\/admin$/, 'Admin'],
    [/^\/classroom$/, 'Classroom view'],
  ];
  return `${titles.find(([pattern]) => pattern.test(pathname))?.[1] ?? 'Showtimes'} · Marquee`;
}

async function showScreen(main: HTMLElement, url: URL): Promise<Screen> {
  const seatPage = /^\/showtimes\/([^/]+)$/.exec(url.pathname);
  if (seatPage) return showSeatPage(main, decodeURIComponent(seatPage[1]!));
  const film = /^\/films\/([^/]+)$/.exec(url.pathname);
  if (film) return showFilm(main, decodeURIComponent(film[1]!), url.searchParams);
  if (url.pathname === '/login') return showAuth(main, url.searchParams.get('next') ?? '/');
  if (url.pathname === '/bookings') return showBookings(main);
  const ticketPrint = /^\/bookings\/([^/]+)\/tickets$/.exec(url.pathname);
  if (ticketPrint) return showTicketPrint(main, decodeURIComponent(ticketPrint[1]!));
  if (url.pathname === '/door') return showDoor(main, url.searchParams);
  if (url.pathname === '/admin') return showAdmin(main);
  if (url.pathname === '/classroom') return showClassroom(main);
  return showShowtimes(main, url.searchParams);
}

async function start() {
  setNavigator((path) => void route(path));
  startOfflineBanner();
  // The currency comes with the first paint's prices; without the settings, prices show in USD.
  await Promise.all([
    loadUser(),
    api.settings().then(
      (settings) => {
        setCurrency(settings.currency, settings.minorUnitDigits);
        setSeatLimits(settings);
      },
      () => undefined,
    ),
  ]);
  connectRealtime(session.token);
  renderNav();
  window.addEventListener('popstate', () => void route(location.pathname + location.search));
  await route(location.pathname + location.search);
}

void start();
