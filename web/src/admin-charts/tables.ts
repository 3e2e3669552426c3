// The charts' numbers as plain tables: for screen readers, for a manager who wants the figures, and for
// the tests (which read what the charts show from here and from the chart instances).
import type { SalesReport } from '../admin-api';
import type { formatters } from './main';

type Formatters = ReturnType<typeof formatters>;

function table(testId: string, caption: string, head: string[], rows: string[][]) {
  const element = document.createElement('table');
  element.dataset.testid = testId;
  element.className = 'report-table';
  const captionElement = element.createCaption();
  captionElement.textContent = caption;
  const headRow = element.createTHead().insertRow();
  for (const text of head) headRow.append(Object.assign(document.createElement('th'), { scope: 'col', textContent: text }));
  const body = element.createTBody();
  for (const cells of rows) {
    const row = body.insertRow();
    for (const text of cells) row.insertCell().textContent = text;
  }
  return element;
}

export function describeTables(report: SalesReport, f: Formatters) {
  const details = document.createElement('details');
  details.dataset.testid = 'report-tables';
  const summary = document.createElement('summary');
  summary.textContent = `The numbers: ${report.totals.ticketsSold} tickets, ${f.money(report.totals.revenueCents)}, ${f.percent(report.totals.occupancyPercent)} full`;
  details.append(
    summary,
    table(
      'occupancy-table',
      'Seats per showtime',
      ['Showtime', 'Room', 'Sold', 'Held', 'Free', 'Revenue'],
      report.showtimes.map((row) => [
        row.status === 'cancelled' ? `${f.showtime(row)} (cancelled)` : f.showtime(row),
        row.auditoriumName,
        `${row.sold} (${f.percent(row.soldPercent)})`,
        `${row.held} (${f.percent(row.heldPercent)})`,
        `${row.free} (${f.percent(row.freePercent)})`,
        f.money(row.revenueCents),
      ]),
    ),
    table(
      'revenue-day-table',
      'Per day',
      ['Day', 'Tickets', 'Revenue', 'Occupancy'],
      report.days.map((day) => [f.day(day.date), String(day.ticketsSold), f.money(day.revenueCents), f.percent(day.occupancyPercent)]),
    ),
    table(
      'revenue-film-table',
      'Per film',
      ['Film', 'Tickets', 'Revenue', 'Occupancy'],
      report.films.map((film) => [film.movieTitle, String(film.ticketsSold), f.money(film.revenueCents), f.percent(film.occupancyPercent)]),
    ),
  );
  return details;
}
