// The admin's three forms: a movie, an auditorium layout (rows, seats per row, aisles, sections with
// prices), and a showtime of a movie in an auditorium.
import { api, type RowLayout } from '../api';
import { say } from '../app-shell';
import { h } from '../dom';
import { describeError } from '../messages';
import { field } from './auth-view';

const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const rowLabel = (index: number) => (index < 26 ? letters[index]! : `${letters[Math.floor(index / 26) - 1]}${letters[index % 26]}`);
const numbers = (text: string) =>
  text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);

/** "Standard, 12.50, 6" per line, front to back; the last section without a row count takes the rest. */
export function buildLayout(
  name: string,
  rowCount: number,
  seatsPerRow: number,
  aisles: string,
  sectionsText: string,
  accessibleFront: string,
) {
  const lines = sectionsText
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (!lines.length) throw new Error('Add at least one section, like "Standard, 12.50".');
  const sections = lines.map((line) => {
    const [sectionName = '', price = '', rows = ''] = line.split(',').map((part) => part.trim());
    if (!sectionName || !/^\d+(\.\d{1,2})?$/.test(price))
      throw new Error(`Cannot read the section line "${line}": write name, price[, rows].`);
    return { name: sectionName, priceCents: Math.round(Number(price) * 100), rows: rows ? Number(rows) : undefined };
  });
  const counted = sections.reduce((sum, section) => sum + (section.rows ?? 0), 0);
  const last = sections[sections.length - 1]!;
  if (last.rows === undefined) last.rows = Math.max(0, rowCount - counted);
  if (sections.some((section) => section.rows === undefined) || sections.reduce((sum, section) => sum + section.rows!, 0) !== rowCount) {
    throw new Error(`The sections' rows must add up to ${rowCount}.`);
  }
  const rows: RowLayout[] = [];
  for (const section of sections) {
    for (let i = 0; i < section.rows!; i++) {
      rows.push({
        label: rowLabel(rows.length),
        seats: seatsPerRow,
        offset: 0,
        section: section.name,
        gapsAfter: numbers(aisles),
        accessible: rows.length === 0 ? numbers(accessibleFront) : [],
      });
    }
  }
  return { name, sections: sections.map(({ name: sectionName, priceCents }) => ({ name: sectionName, priceCents })), rows };
}

function form(
  testId: string,
  title: string,
  submitText: string,
  onSubmit: (data: FormData, element: HTMLFormElement) => Promise<string>,
  ...fields: HTMLElement[]
) {
  const element: HTMLFormElement = h(
    'form',
    {
      class: 'card admin-form',
      'data-testid': testId,
      onsubmit: async (event: SubmitEvent) => {
        event.preventDefault();
        try {
          say(await onSubmit(new FormData(element), element), 'success');
        } catch (error) {
          say(error instanceof Error && !('code' in error) ? error.message : describeError(error), 'error');
        }
      },
    },
    h('h2', {}, title),
    ...fields,
    h('button', { type: 'submit', class: 'primary' }, submitText),
  );
  return element;
}

export function adminForms(onCreated: () => Promise<void>, choices: { movies: HTMLSelectElement; auditoriums: HTMLSelectElement }) {
  const movie = form(
    'movie-form',
    'New movie',
    'Create movie',
    async (data, element) => {
      const { movie: created } = await api.createMovie({
        title: String(data.get('title')),
        durationMinutes: Number(data.get('durationMinutes')),
        rating: String(data.get('rating')),
      });
      element.reset();
      await onCreated();
      choices.movies.value = created.id;
      return `Created the movie ${created.title}.`;
    },
    field('Title', h('input', { name: 'title', required: true, maxlength: 200 })),
    field('Length (minutes)', h('input', { name: 'durationMinutes', type: 'number', min: 1, max: 600, value: '100', required: true })),
    field('Rating', h('input', { name: 'rating', required: true, maxlength: 10, value: 'PG' })),
  );

  const auditorium = form(
    'auditorium-form',
    'New auditorium',
    'Create auditorium',
    async (data, element) => {
      const layout = buildLayout(
        String(data.get('name')),
        Number(data.get('rows')),
        Number(data.get('seatsPerRow')),
        String(data.get('aisles')),
        String(data.get('sections')),
        String(data.get('accessible')),
      );
      const { auditorium: created } = await api.createAuditorium(layout);
      element.reset();
      await onCreated();
      choices.auditoriums.value = created.id;
      return `Created ${created.name} with ${created.seatCount} seats.`;
    },
    field('Name', h('input', { name: 'name', required: true, maxlength: 100 })),
    field('Rows', h('input', { name: 'rows', type: 'number', min: 1, max: 52, value: '8', required: true })),
    field('Seats per row', h('input', { name: 'seatsPerRow', type: 'number', min: 1, max: 100, value: '12', required: true })),
    field('Aisles after seat numbers', h('input', { name: 'aisles', placeholder: '4, 8' }), 'Comma-separated; leave empty for no aisle.'),
    field('Wheelchair seats in the front row', h('input', { name: 'accessible', placeholder: '1, 12' })),
    field(
      'Sections, front to back',
      h('textarea', { name: 'sections', rows: 3, required: true }, 'Standard, 12.50, 6\nPremium, 18.00'),
      'One per line: name, price, number of rows. The last line may leave out the rows to take the rest.',
    ),
  );

  const showtime = form(
    'showtime-form',
    'New showtime',
    'Schedule showtime',
    async (data) => {
      const startsAt = new Date(String(data.get('startsAt')));
      if (Number.isNaN(startsAt.getTime())) throw new Error('Choose a start date and time.');
      const { showtime: created } = await api.createShowtime({
        movieId: choices.movies.value,
        auditoriumId: choices.auditoriums.value,
        startsAt: startsAt.toISOString(),
      });
      await onCreated();
      return `Scheduled ${created.movieTitle} in ${created.auditoriumName} at ${startsAt.toLocaleString()}.`;
    },
    field('Movie', choices.movies),
    field('Auditorium', choices.auditoriums),
    field('Starts at', h('input', { name: 'startsAt', type: 'datetime-local', required: true, 'data-testid': 'showtime-starts-at' })),
  );

  return [movie, auditorium, showtime];
}
