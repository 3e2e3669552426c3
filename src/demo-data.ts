// Demo data: a small multiplex with three rooms of different shapes, a few films and showtimes over the
// next days, one admin and two customers. Safe to run again: existing rows are found and kept.
import type { AppContext } from './context';
import type { AuditoriumInput } from './modules/catalog';

export const demoAccounts = {
  admin: { email: 'admin@marquee.test', password: 'admin-password', name: 'Ada Admin' },
  customers: [
    { email: 'alice@marquee.test', password: 'alice-password', name: 'Alice' },
    { email: 'bob@marquee.test', password: 'bob-password', name: 'Bob' },
  ],
};

const rowLetters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The demo rooms (exported for the best-available tests, bench and seat-map pictures). */
export const demoAuditoriums: AuditoriumInput[] = [
  {
    // 14 rows of 18 with two aisles, premium rows in the middle: 252 seats.
    name: 'Screen 1 · Grand',
    sections: [
      { name: 'Standard', priceCents: 1250 },
      { name: 'Premium', priceCents: 1800 },
    ],
    rows: Array.from({ length: 14 }, (_, i) => ({
      label: rowLetters[i] as string,
      seats: 18,
      section: i >= 6 && i <= 9 ? 'Premium' : 'Standard',
      offset: 0,
      gapsAfter: [4, 14],
      accessible: i === 0 ? [1, 2, 17, 18] : [],
    })),
    // Hand-picked seats that leave a single seat alone get a warning (docs/best-available.md).
    orphanRule: 'warn',
  },
  {
    // A small studio: 10 rows of 12, one centre aisle: 120 seats.
    name: 'Screen 2 · Studio',
    sections: [{ name: 'Standard', priceCents: 1100 }],
    rows: Array.from({ length: 10 }, (_, i) => ({
      label: rowLetters[i] as string,
      seats: 12,
      section: 'Standard',
      offset: 0,
      gapsAfter: [6],
      accessible: i === 9 ? [1, 12] : [],
    })),
  },
  {
    // A fan-shaped room that widens towards the back, with a recliner section: 192 seats.
    name: 'Screen 3 · Fan',
    sections: [
      { name: 'Standard', priceCents: 1200 },
      { name: 'Recliner', priceCents: 2200 },
    ],
    rows: Array.from({ length: 12 }, (_, i) => ({
      label: rowLetters[i] as string,
      seats: 10 + i,
      section: i >= 9 ? 'Recliner' : 'Standard',
      offset: Math.floor((11 - i) / 2),
      gapsAfter: [],
      accessible: i === 0 ? [1, 10] : [],
    })),
  },
];

const movies = [
  { title: 'The Last Reel', durationMinutes: 118, rating: 'PG-13', description: 'A projectionist saves the last cinema in town.' },
  { title: 'Orbit of Ash', durationMinutes: 142, rating: 'R', description: 'Two miners, one lifeboat, a long way from home.' },
  { title: 'Paper Lanterns', durationMinutes: 96, rating: 'PG', description: 'A family festival goes gloriously wrong.' },
  { title: 'Night Shift Detectives', durationMinutes: 105, rating: 'PG-13', description: 'Crime never sleeps; neither do they.' },
];

/** Start hours (UTC) of each room's showtimes per day. */
const scheduleHours = [
  [12, 15, 18, 21],
  [13, 16, 19, 22],
  [12, 15, 18, 21],
];

export async function seedDemoData(context: AppContext, days = 3) {
  const { db, services, clock } = context;
  await services.auth.ensureAdmin(demoAccounts.admin.email, demoAccounts.admin.password, demoAccounts.admin.name);
  for (const customer of demoAccounts.customers) {
    const exists = await db.user.findUnique({ where: { email: customer.email } });
    if (!exists) await services.auth.register(customer);
  }

  const movieIds: string[] = [];
  for (const movie of movies) {
    const found = await db.movie.findFirst({ where: { title: movie.title } });
    movieIds.push((found ?? (await services.catalog.createMovie(movie))).id);
  }
  const roomIds: string[] = [];
  for (const layout of demoAuditoriums) {
    const found = await db.auditorium.findUnique({ where: { name: layout.name } });
    roomIds.push((found ?? (await services.catalog.createAuditorium(layout))).id);
  }

  const now = clock.now();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  let created = 0;
  for (let day = 0; day < days; day++) {
    for (const [room, hours] of scheduleHours.entries()) {
      for (const [slot, hour] of hours.entries()) {
        const startsAt = new Date(today + day * 86_400_000 + hour * 3_600_000);
        if (startsAt <= now) continue;
        const movieId = movieIds[(room + slot + day) % movieIds.length] as string;
        try {
          await services.catalog.createShowtime({ movieId, auditoriumId: roomIds[room] as string, startsAt: startsAt.toISOString() }, now);
          created++;
        } catch (error) {
          if ((error as { code?: string }).code !== 'SHOWTIME_OVERLAP') throw error;
        }
      }
    }
  }
  return { showtimesCreated: created };
}
