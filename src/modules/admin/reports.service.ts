// Sales reports: per showtime occupancy (sold / held / free seats) and revenue, then the same summed per
// day (the showtime's start day, UTC) and per film. Cancelled showtimes are listed with their numbers
// but left out of the day and film totals: their seats were never for sale. Money is integer minor
// units (cents) of `currency`; percentages are 0-100 with two decimals.
import type { Clock } from '../../lib/clock';
import type { ReportRange, ReportsRepository } from './reports.repository';
import type { Report, ReportQuery, ShowtimeReport } from './reports.schemas';

type Deps = { reports: ReportsRepository; clock: Clock; currency: string };
type Totals = Report['totals'];

const DAY_MS = 24 * 60 * 60 * 1000;
const percentOf = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 100);
const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

/** `from` and `to` as instants: a day starts at its midnight UTC, and `to` as a day includes that day. */
export function rangeOf(query: ReportQuery): ReportRange {
  const from = query.from === undefined ? undefined : new Date(isDay(query.from) ? `${query.from}T00:00:00Z` : query.from);
  const to =
    query.to === undefined
      ? undefined
      : isDay(query.to)
        ? new Date(new Date(`${query.to}T00:00:00Z`).getTime() + DAY_MS)
        : new Date(query.to);
  return { from, to };
}

function addUp(rows: ShowtimeReport[]): Totals {
  const counted = rows.filter((row) => row.status === 'scheduled');
  const seats = counted.reduce((sum, row) => sum + row.seats, 0);
  const ticketsSold = counted.reduce((sum, row) => sum + row.sold, 0);
  return {
    showtimes: counted.length,
    seats,
    ticketsSold,
    revenueCents: counted.reduce((sum, row) => sum + row.revenueCents, 0),
    occupancyPercent: percentOf(ticketsSold, seats),
  };
}

function groupBy<K>(rows: ShowtimeReport[], keyOf: (row: ShowtimeReport) => K) {
  const groups = new Map<K, ShowtimeReport[]>();
  for (const row of rows) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), row]);
  return groups;
}

export function createReportsService({ reports, clock, currency }: Deps) {
  return {
    async report(query: ReportQuery): Promise<Report> {
      const range = rangeOf(query);
      const now = clock.now();
      const showtimes = await reports.listShowtimes(range);
      const ids = showtimes.map((showtime) => showtime.id);
      const [sold, held, revenue] =
        ids.length === 0
          ? [new Map<string, number>(), new Map<string, number>(), new Map<string, number>()]
          : await Promise.all([reports.soldSeats(ids), reports.heldSeats(ids, now), reports.revenue(ids)]);
      const rows = showtimes.map((showtime): ShowtimeReport => {
        const seats = showtime.auditorium.seatCount;
        const soldSeats = sold.get(showtime.id) ?? 0;
        const heldSeats = held.get(showtime.id) ?? 0;
        const free = seats - soldSeats - heldSeats;
        return {
          showtimeId: showtime.id,
          movieId: showtime.movie.id,
          movieTitle: showtime.movie.title,
          auditoriumName: showtime.auditorium.name,
          startsAt: showtime.startsAt.toISOString(),
          status: showtime.status === 'cancelled' ? 'cancelled' : 'scheduled',
          seats,
          sold: soldSeats,
          held: heldSeats,
          free,
          soldPercent: percentOf(soldSeats, seats),
          heldPercent: percentOf(heldSeats, seats),
          freePercent: percentOf(free, seats),
          occupancyPercent: percentOf(soldSeats, seats),
          revenueCents: revenue.get(showtime.id) ?? 0,
        };
      });
      const days = [...groupBy(rows, (row) => row.startsAt.slice(0, 10))].map(([date, group]) => ({ date, ...addUp(group) }));
      const films = [...groupBy(rows, (row) => row.movieId)]
        .map(([movieId, group]) => ({ movieId, movieTitle: group[0]!.movieTitle, ...addUp(group) }))
        .sort((a, b) => b.revenueCents - a.revenueCents || a.movieTitle.localeCompare(b.movieTitle));
      return {
        currency,
        from: range.from?.toISOString() ?? null,
        to: range.to?.toISOString() ?? null,
        generatedAt: now.toISOString(),
        showtimes: rows,
        days,
        films,
        totals: addUp(rows),
      };
    },
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;
