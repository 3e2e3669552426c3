// A film's page: synopsis, runtime and rating, a row of date tabs (only days that have a showtime),
// and that day's times with "Almost full" / "Sold out" badges. The badges come from each showtime's
// seat map (GET /api/showtimes/:id/seats), read only for the day on screen.
import { api, type Movie, type Showtime } from '../api';
import { link } from '../app-shell';
import { h, replace } from '../dom';
import { loadWhileOffline } from './offline-view';

const dayKey = (iso: string) => {
  const date = new Date(iso);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
};
const dayName = (key: string) =>
  new Date(`${key}T12:00:00`).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
const timeOf = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/** "Almost full" when at most a tenth of the seats (and no more than 20) are still free. */
export function availabilityBadge(free: number, total: number): string | undefined {
  if (free === 0) return 'Sold out';
  if (free <= Math.min(20, Math.ceil(total / 10))) return 'Almost full';
  return undefined;
}

export async function showFilm(main: HTMLElement, movieId: string, params: URLSearchParams) {
  const loaded = await loadWhileOffline(main, 'this film', () =>
    Promise.all([api.movies(), api.showtimes({ movieId, from: new Date().toISOString() })]),
  );
  if (!loaded) return;
  const movie = loaded[0].movies.find((one) => one.id === movieId);
  if (!movie) return void replace(main, h('h1', {}, 'Film not found'), h('p', {}, link('/', 'Back to showtimes')));
  document.title = `${movie.title} · Marquee`;
  const showtimes = loaded[1].showtimes.filter((one) => one.movieId === movieId).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const days = [...new Set(showtimes.map((one) => dayKey(one.startsAt)))];
  let day = days.includes(params.get('day') ?? '') ? params.get('day')! : days[0];

  const times = h('div', { role: 'tabpanel', id: 'film-times', 'data-testid': 'film-times' });
  const tabs = days.map((key) =>
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `tab-${key}`,
        'aria-controls': 'film-times',
        'data-testid': 'date-tab',
        'data-day': key,
        onclick: () => pick(key),
        onkeydown: arrows,
      },
      dayName(key),
    ),
  );
  replace(
    main,
    filmHead(movie),
    days.length
      ? h('div', { class: 'date-tabs', role: 'tablist', 'aria-label': 'Days' }, ...tabs)
      : h('p', { 'data-testid': 'no-showtimes' }, 'No upcoming showtimes for this film.'),
    times,
  );

  function arrows(event: KeyboardEvent) {
    const index = tabs.indexOf(event.target as HTMLButtonElement);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1 }[event.key];
    if (next === undefined || !tabs[next]) return;
    event.preventDefault();
    tabs[next].focus();
    pick(days[next]!);
  }

  function pick(key: string) {
    day = key;
    tabs.forEach((tab) => {
      const selected = tab.dataset.day === key;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
    });
    times.setAttribute('aria-labelledby', `tab-${key}`);
    void drawTimes(
      times,
      showtimes.filter((one) => dayKey(one.startsAt) === key),
      () => day === key,
    );
  }
  if (day) pick(day);
}

function filmHead(movie: Movie) {
  const hours = Math.floor(movie.durationMinutes / 60);
  const runtime = `${hours ? `${hours} h ` : ''}${movie.durationMinutes % 60} min`;
  return h(
    'section',
    { class: 'film-head', 'data-testid': 'film-head' },
    h('p', {}, link('/', '← All showtimes')),
    h('h1', {}, movie.title),
    h(
      'p',
      { class: 'film-facts' },
      h('span', { 'data-testid': 'film-runtime' }, runtime),
      ' · ',
      h('span', { class: 'rating', 'data-testid': 'film-rating' }, `Rated ${movie.rating}`),
    ),
    movie.description ? h('p', { class: 'synopsis', 'data-testid': 'film-synopsis' }, movie.description) : null,
  );
}

async function drawTimes(list: HTMLElement, showtimes: Showtime[], stillShown: () => boolean) {
  const counts = await Promise.all(
    showtimes.map((one) =>
      api.seats(one.id).then(
        (map) => ({ free: map.seats.filter((seat) => seat.status === 'available').length, total: map.seats.length }),
        () => undefined,
      ),
    ),
  );
  if (!stillShown()) return;
  replace(
    list,
    h(
      'ul',
      { class: 'times' },
      ...showtimes.map((one, index) => {
        const count = counts[index];
        const badge = count && availabilityBadge(count.free, count.total);
        return h(
          'li',
          {},
          link(`/showtimes/${one.id}`, `${timeOf(one.startsAt)} · ${one.auditoriumName}`, {
            class: 'time',
            'data-testid': 'showtime-link',
            'data-showtime-id': one.id,
          }),
          badge && h('span', { class: `badge badge--${badge === 'Sold out' ? 'sold' : 'low'}`, 'data-testid': 'showtime-badge' }, badge),
        );
      }),
    ),
  );
}
