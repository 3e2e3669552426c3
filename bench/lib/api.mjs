// Setup through the public API (never timed): the admin's catalog, users, their tokens.
import { admin, benchSettings } from './service.mjs';

export async function call(url, method, path, { token, body, headers = {} } = {}) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  return { status: response.status, body: json, instance: response.headers.get('x-marquee-instance') };
}

async function must(url, method, path, options, expected) {
  const result = await call(url, method, path, options);
  if (result.status !== expected) {
    throw new Error(`${method} ${path} answered ${result.status}: ${JSON.stringify(result.body)}`);
  }
  return result.body;
}

const letters = (i) => (i < 26 ? String.fromCharCode(65 + i) : 'A' + String.fromCharCode(65 + i - 26));

/** Labels of a rows x perRow room, row by row: A1..A20, B1... */
export function seatLabels(rows, perRow) {
  return Array.from({ length: rows * perRow }, (_, i) => `${letters(Math.floor(i / perRow))}${(i % perRow) + 1}`);
}

/**
 * One auditorium of rows x perRow seats and `count` showtimes in it (a day apart, from tomorrow on).
 * Returns { showtimeIds, labels }.
 */
export async function createShowtimes(url, { count, rows, perRow, name = 'Bench' }) {
  const { token } = await must(url, 'POST', '/api/auth/login', { body: admin }, 200);
  const { movie } = await must(
    url,
    'POST',
    '/api/movies',
    { token, body: { title: `${name} film`, durationMinutes: 90, rating: 'PG' } },
    201,
  );
  const layout = {
    name: `${name} room`,
    sections: [{ name: 'Standard', priceCents: 1000 }],
    rows: Array.from({ length: rows }, (_, i) => ({ label: letters(i), seats: perRow, section: 'Standard' })),
  };
  const { auditorium } = await must(url, 'POST', '/api/auditoriums', { token, body: layout }, 201);
  const showtimeIds = [];
  const start = Date.now() + 24 * 3600_000;
  for (let i = 0; i < count; i++) {
    const startsAt = new Date(start + i * 4 * 3600_000).toISOString();
    const { showtime } = await must(
      url,
      'POST',
      '/api/showtimes',
      { token, body: { movieId: movie.id, auditoriumId: auditorium.id, startsAt } },
      201,
    );
    showtimeIds.push(showtime.id);
  }
  return { showtimeIds, labels: seatLabels(rows, perRow) };
}

/** Registers `count` users (BCRYPT_COST=4), a few at a time; returns [{ id, token }]. */
export async function createUsers(url, count, prefix = 'user') {
  const users = [];
  const stamp = Date.now();
  for (let i = 0; i < count; i += 20) {
    const batch = Array.from({ length: Math.min(20, count - i) }, (_, j) => i + j);
    const made = await Promise.all(
      batch.map((n) =>
        must(
          url,
          'POST',
          '/api/auth/register',
          { body: { email: `${prefix}${n}-${stamp}@bench.test`, password: 'bench-password', name: `${prefix} ${n}` } },
          201,
        ),
      ),
    );
    users.push(...made.map(({ user, token }) => ({ id: user.id, token })));
  }
  return users;
}

/** Reads the service's Prometheus text and returns { name: value } for unlabelled samples. */
export async function readMetrics(url) {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${benchSettings.METRICS_TOKEN}` } })).text();
  const values = {};
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z0-9_:]+) ([0-9.eE+-]+|NaN)$/.exec(line);
    if (match) values[match[1]] = Number(match[2]);
  }
  return values;
}
