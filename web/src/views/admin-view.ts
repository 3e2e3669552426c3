// The admin dashboard: forms to create movies, auditoriums and showtimes; live stats (polled); and for
// one showtime, its activity feed from the audit trail and the waitlist fairness-log check.
import { adminApi } from '../admin-api';
import { api, ApiError, type Showtime } from '../api';
import { link, user } from '../app-shell';
import { formatDateTime, h, replace } from '../dom';
import { describeError } from '../messages';
import { adminForms } from './admin-forms';
import { loadAdminCharts } from './charts-loader';
import { programmeSection } from './programme-view';

const pollMs = 3000;

/** Calls an endpoint that may not exist yet; a 404 becomes a clear "not available yet" line. */
async function optional<T>(load: () => Promise<T>, what: string): Promise<{ value?: T; note?: string }> {
  try {
    return { value: await load() };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && error.message.startsWith('No route'))
      return { note: `${what} is not available yet on this server.` };
    return { note: describeError(error) };
  }
}

function describeValue(value: unknown): Node | string {
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) {
    if (!value.length) return 'none';
    return h('ul', {}, ...value.slice(0, 10).map((item) => h('li', {}, typeof item === 'object' ? describeValue(item) : String(item))));
  }
  return h(
    'dl',
    { class: 'facts' },
    ...Object.entries(value).flatMap(([key, inner]) => [h('dt', {}, humanize(key)), h('dd', {}, describeValue(inner))]),
  );
}

/** "activeHolds" reads as "Active holds". */
const humanize = (key: string) =>
  key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/^./, (first) => first.toUpperCase())
    .replace(/ ([A-Z])(?=[a-z])/g, (_, letter: string) => ` ${letter.toLowerCase()}`);

/** Today and the six days after it (UTC dates), the window the sales charts show. */
function nextSevenDays() {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  return { from: day(0), to: day(6) };
}

const firstArray = (value: Record<string, unknown>) => Object.values(value).find(Array.isArray) as Record<string, unknown>[] | undefined;

export async function showAdmin(main: HTMLElement) {
  if (user()?.role !== 'admin')
    return void replace(
      main,
      h('p', { 'data-testid': 'admin-denied' }, 'The dashboard is for admins. ', link('/login?next=/admin', 'Sign in as an admin')),
    );
  const movies = h('select', { name: 'movieId', required: true, 'data-testid': 'showtime-movie' });
  const auditoriums = h('select', { name: 'auditoriumId', required: true, 'data-testid': 'showtime-auditorium' });
  const watched = h('select', { 'data-testid': 'watched-showtime', onchange: () => void refreshShowtime() });
  const stats = h('div', { 'data-testid': 'admin-stats' }, 'Loading…');
  const feed = h('div', { 'data-testid': 'activity-feed' });
  const fairness = h('p', { 'data-testid': 'fairness-log' });
  const charts = h('div', { class: 'charts', 'data-testid': 'admin-charts' }, 'Loading the sales charts…');
  const programme = programmeSection(() => loadChoices());

  async function loadChoices() {
    const [movieList, auditoriumList, showtimeList] = await Promise.all([
      api.movies(true),
      api.auditoriums(true),
      api.showtimes({ from: new Date().toISOString() }, true),
    ]);
    const keep = { movies: movies.value, auditoriums: auditoriums.value, watched: watched.value };
    replace(movies, ...movieList.movies.map((movie) => h('option', { value: movie.id }, movie.title)));
    replace(
      auditoriums,
      ...auditoriumList.auditoriums.map((room) => h('option', { value: room.id }, `${room.name} (${room.seatCount} seats)`)),
    );
    replace(
      watched,
      h('option', { value: '' }, 'Choose a showtime'),
      ...showtimeList.showtimes.map((showtime: Showtime) =>
        h('option', { value: showtime.id }, `${showtime.movieTitle} · ${formatDateTime(showtime.startsAt)} · ${showtime.auditoriumName}`),
      ),
    );
    movies.value = keep.movies || movies.value;
    auditoriums.value = keep.auditoriums || auditoriums.value;
    watched.value = keep.watched;
  }

  async function refreshStats() {
    const { value, note } = await optional(api.adminStats, 'Live stats');
    replace(stats, value ? describeValue(value) : h('p', { class: 'note' }, note));
  }

  /** The sales charts, redrawn from a fresh report at every refresh (a purchase shows at the next one). */
  async function refreshCharts() {
    const [{ value: report, note }, drawer] = await Promise.all([
      optional(() => adminApi.reports(nextSevenDays()), 'The sales report'),
      loadAdminCharts().catch(() => undefined),
    ]);
    if (!report || !drawer) return replace(charts, h('p', { class: 'note' }, note ?? 'The charts could not be loaded.'));
    drawer.render(charts, report);
    charts.dataset.generatedAt = report.generatedAt;
  }

  async function refreshShowtime() {
    const id = watched.value;
    if (!id) return (replace(feed, h('p', { class: 'note' }, 'Choose a showtime to follow its activity.')), replace(fairness));
    const [audit, log] = await Promise.all([
      optional(() => api.audit(id), 'The activity feed'),
      optional(() => api.waitlistLog(id), 'The waitlist fairness log'),
    ]);
    const events = audit.value && firstArray(audit.value);
    replace(
      feed,
      !events
        ? h('p', { class: 'note' }, audit.note ?? 'No activity.')
        : !events.length
          ? 'No activity yet.'
          : h(
              'ol',
              { class: 'feed' },
              ...events
                .slice(-50)
                .reverse()
                .map((event) => {
                  const { action, type, at, createdAt, seats, userId } = event as Record<string, unknown>;
                  const when = String(at ?? createdAt ?? '');
                  return h(
                    'li',
                    {},
                    h('time', {}, when ? new Date(when).toLocaleTimeString() : ''),
                    ' ',
                    h('strong', {}, String(action ?? type ?? 'event')),
                    ' ',
                    Array.isArray(seats) ? seats.join(', ') : '',
                    userId ? h('small', {}, ` by ${String(userId).slice(-6)}`) : '',
                  );
                }),
            ),
    );
    if (!log.value) return replace(fairness, log.note ?? '');
    const records = firstArray(log.value) ?? [];
    const verified = log.value.verified;
    const check = verified === true ? 'chain verified ✓' : verified === false ? 'chain NOT verified ✕' : 'verification not reported';
    replace(fairness, `Waitlist fairness log: ${records.length} record(s), ${check}.`);
  }

  replace(
    main,
    h('h1', {}, 'Admin dashboard'),
    h(
      'div',
      { class: 'admin-grid' },
      h('section', { class: 'card' }, h('h2', {}, 'Live stats'), stats),
      h('section', { class: 'card charts-card' }, h('h2', {}, 'Sales, today and the next six days'), charts),
      h(
        'section',
        { class: 'card' },
        h('h2', {}, 'Showtime activity'),
        h('label', { class: 'field' }, h('span', {}, 'Showtime'), watched),
        fairness,
        feed,
      ),
      ...adminForms(() => programme.reload(), { movies, auditoriums }),
      programme.section,
    ),
  );

  await Promise.all([programme.reload(), refreshStats(), refreshCharts()]);
  await refreshShowtime();
  const timer = setInterval(() => {
    void refreshStats();
    void refreshShowtime();
    void refreshCharts();
  }, pollMs);
  return { stop: () => clearInterval(timer) };
}
