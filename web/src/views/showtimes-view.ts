// Showtimes by movie and day: pick a film and a day, then a time to open its seat map.
import { api, type Showtime } from '../api';
import { link, navigate, say } from '../app-shell';
import { formatDateTime, h, replace } from '../dom';
import { describeError } from '../messages';
import { loadWhileOffline } from './offline-view';

const dayKey = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

export async function showShowtimes(main: HTMLElement, params: URLSearchParams) {
  const movieId = params.get('movie') ?? '';
  const day = params.get('day') ?? '';
  const list = h('div', { class: 'showtimes', 'data-testid': 'showtimes' }, 'Loading showtimes…');
  const movieSelect = h(
    'select',
    { name: 'movie', 'data-testid': 'movie-filter', onchange: () => apply() },
    h('option', { value: '' }, 'All films'),
  );
  const daySelect = h(
    'select',
    { name: 'day', 'data-testid': 'day-filter', onchange: () => apply() },
    h('option', { value: '' }, 'All upcoming'),
  );

  function apply() {
    const search = new URLSearchParams();
    if (movieSelect.value) search.set('movie', movieSelect.value);
    if (daySelect.value) search.set('day', daySelect.value);
    navigate(`/${search.size ? `?${search}` : ''}`);
  }

  replace(main, h('h1', {}, 'Showtimes'), list);
  // One read of everything upcoming: the day list offers only days that have a showtime, and picking a
  // day filters what is already here.
  try {
    const loaded = await loadWhileOffline(main, 'the showtimes', () =>
      Promise.all([api.movies(), api.showtimes({ movieId: movieId || undefined, from: new Date().toISOString() })]),
    );
    if (!loaded) return;
    replace(
      main,
      h('h1', {}, 'Showtimes'),
      h(
        'div',
        { class: 'filters' },
        h('label', { class: 'field inline' }, h('span', {}, 'Film'), movieSelect),
        h('label', { class: 'field inline' }, h('span', {}, 'Day'), daySelect),
      ),
      list,
    );
    const [{ movies }, { showtimes }] = loaded;
    for (const movie of movies) movieSelect.append(h('option', { value: movie.id }, movie.title));
    movieSelect.value = movieId;
    const days = [...new Set(showtimes.map((showtime) => dayKey(new Date(showtime.startsAt))))].sort();
    for (const key of days) {
      const date = new Date(`${key}T12:00:00`);
      daySelect.append(
        h('option', { value: key }, date.toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'short' })),
      );
    }
    daySelect.value = days.includes(day) ? day : '';
    drawList(list, day ? showtimes.filter((showtime) => dayKey(new Date(showtime.startsAt)) === day) : showtimes);
  } catch (error) {
    replace(main, h('h1', {}, 'Showtimes'), list);
    replace(list, 'Showtimes could not be loaded.');
    say(describeError(error), 'error');
  }
}

function drawList(list: HTMLElement, showtimes: Showtime[]) {
  if (!showtimes.length) return replace(list, h('p', { 'data-testid': 'no-showtimes' }, 'No showtimes for that choice.'));
  const byMovie = new Map<string, Showtime[]>();
  for (const showtime of [...showtimes].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
    byMovie.set(showtime.movieTitle, [...(byMovie.get(showtime.movieTitle) ?? []), showtime]);
  }
  replace(
    list,
    ...[...byMovie].map(([title, times]) =>
      h(
        'section',
        { class: 'card movie' },
        h('h2', {}, link(`/films/${times[0]!.movieId}`, title, { 'data-testid': 'film-link' })),
        h(
          'ul',
          { class: 'times' },
          ...times.map((showtime) =>
            h(
              'li',
              {},
              link(`/showtimes/${showtime.id}`, `${formatDateTime(showtime.startsAt)} · ${showtime.auditoriumName}`, {
                class: 'time',
                'data-testid': 'showtime-link',
                'data-showtime-id': showtime.id,
              }),
            ),
          ),
        ),
      ),
    ),
  );
}
