// The admin's programme: every movie, auditorium and showtime in a list with edit and delete controls,
// and for a showtime, move (a new start) and cancel (its buyers, holders and waiters are told). Refusals
// (a movie in use, a showtime with sales) come back from the API as sentences in the status line.
import { adminApi } from '../admin-api';
import { api, type Auditorium, type Movie, type Showtime } from '../api';
import { say } from '../app-shell';
import { formatDateTime, h, replace } from '../dom';
import { describeError } from '../messages';

/** "2030-01-02T19:30" for a datetime-local input, in the browser's time zone. */
function localInputValue(iso: string) {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * Runs an admin action, reloads the lists, then says what happened or why it was refused: saying it only
 * once the lists are fresh means nothing typed after the message is wiped by the reload.
 */
async function act(work: () => Promise<string>, reload: () => Promise<void>) {
  let message: [string, 'success' | 'error'];
  try {
    message = [await work(), 'success'];
  } catch (error) {
    message = [describeError(error), 'error'];
  }
  try {
    await reload();
  } finally {
    say(...message);
  }
}

export function programmeSection(onChanged: () => Promise<void>) {
  const movies = h('ul', { class: 'programme-list', 'data-testid': 'programme-movies' });
  const rooms = h('ul', { class: 'programme-list', 'data-testid': 'programme-auditoriums' });
  const showtimes = h('ul', { class: 'programme-list', 'data-testid': 'programme-showtimes' });

  const movieItem = (movie: Movie) => {
    const title = h('input', { value: movie.title, 'aria-label': `Title of ${movie.title}`, maxlength: 200 });
    return h(
      'li',
      { 'data-testid': `programme-movie-${movie.id}` },
      title,
      h(
        'button',
        {
          type: 'button',
          onclick: () =>
            act(async () => (await adminApi.updateMovie(movie.id, { title: title.value }), `Renamed to ${title.value}.`), reload),
        },
        'Save',
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'danger',
          onclick: () => act(async () => (await adminApi.deleteMovie(movie.id), `Deleted ${movie.title}.`), reload),
        },
        'Delete',
      ),
    );
  };

  const roomItem = (room: Auditorium) => {
    const name = h('input', { value: room.name, 'aria-label': `Name of ${room.name}`, maxlength: 100 });
    return h(
      'li',
      { 'data-testid': `programme-auditorium-${room.id}` },
      name,
      h('small', {}, ` ${room.seatCount} seats `),
      h(
        'button',
        {
          type: 'button',
          onclick: () =>
            act(async () => (await adminApi.updateAuditorium(room.id, { name: name.value }), `Renamed to ${name.value}.`), reload),
        },
        'Save',
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'danger',
          onclick: () => act(async () => (await adminApi.deleteAuditorium(room.id), `Deleted ${room.name}.`), reload),
        },
        'Delete',
      ),
    );
  };

  const showtimeItem = (showtime: Showtime) => {
    const label = `${showtime.movieTitle} · ${formatDateTime(showtime.startsAt)} · ${showtime.auditoriumName}`;
    if (showtime.status === 'cancelled')
      return h(
        'li',
        { 'data-testid': `programme-showtime-${showtime.id}`, 'data-status': 'cancelled' },
        h('s', {}, label),
        ` cancelled: ${showtime.cancelReason ?? ''}`,
      );
    const startsAt = h('input', {
      type: 'datetime-local',
      value: localInputValue(showtime.startsAt),
      'aria-label': `New start of ${label}`,
    });
    const reason = h('input', { placeholder: 'Reason for cancelling', 'aria-label': `Reason for cancelling ${label}`, maxlength: 300 });
    const move = async () => {
      const { usersNotified } = await adminApi.moveShowtime(showtime.id, new Date(startsAt.value).toISOString());
      return `Moved ${showtime.movieTitle} to ${formatDateTime(new Date(startsAt.value).toISOString())}; ${usersNotified} customer(s) told.`;
    };
    const cancel = async () => {
      const { ended } = await adminApi.cancelShowtime(showtime.id, reason.value.trim() || undefined);
      return `Cancelled ${showtime.movieTitle}: ${ended.bookings} booking(s) cancelled, ${ended.holds} hold(s) released, ${ended.usersNotified} customer(s) told.`;
    };
    return h(
      'li',
      { 'data-testid': `programme-showtime-${showtime.id}`, 'data-status': 'scheduled' },
      h('span', {}, label),
      startsAt,
      h('button', { type: 'button', onclick: () => act(move, reload) }, 'Move'),
      reason,
      h(
        'button',
        { type: 'button', class: 'danger', 'data-testid': 'cancel-showtime', onclick: () => act(cancel, reload) },
        'Cancel showtime',
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'danger',
          onclick: () => act(async () => (await adminApi.deleteShowtime(showtime.id), `Deleted ${label}.`), reload),
        },
        'Delete',
      ),
    );
  };

  async function reload() {
    const [movieList, roomList, showtimeList] = await Promise.all([
      api.movies(true),
      api.auditoriums(true),
      api.showtimes({ from: new Date().toISOString(), status: 'all' }, true),
    ]);
    replace(movies, ...movieList.movies.map(movieItem));
    replace(rooms, ...roomList.auditoriums.map(roomItem));
    replace(
      showtimes,
      ...(showtimeList.showtimes.length ? showtimeList.showtimes.map(showtimeItem) : [h('li', {}, 'No showtimes ahead.')]),
    );
    await onChanged();
  }

  const section = h(
    'section',
    { class: 'card programme', 'data-testid': 'programme' },
    h('h2', {}, 'Programme'),
    h('h3', {}, 'Showtimes ahead'),
    showtimes,
    h('h3', {}, 'Movies'),
    movies,
    h('h3', {}, 'Auditoriums'),
    rooms,
  );
  return { section, reload };
}
