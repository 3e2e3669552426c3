// The admin dashboard's sales charts, a script of its own (dist/web/admin-charts.js) that the dashboard
// loads only when it opens (views/charts-loader.ts), so chart.js never weighs on the customer pages.
// Only the chart.js parts these bar charts use are registered, so the rest is shaken out of the bundle.
// Labels are what a manager reads: film and date, money in the report's currency, percentages.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import type { SalesReport } from '../admin-api';
import { describeTables } from './tables';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

type Charts = { occupancy?: Chart<'bar'>; days?: Chart<'bar'>; films?: Chart<'bar'> };
const charts: Charts = {};

export function formatters(currency: string) {
  const format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return {
    money: (cents: number) => format.format(cents / 10 ** digits),
    percent: (value: number) => `${value.toLocaleString(undefined, { maximumFractionDigits: 1 })} %`,
    showtime: (row: SalesReport['showtimes'][number]) =>
      `${row.movieTitle} · ${new Date(row.startsAt).toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })}`,
    day: (date: string) =>
      new Date(`${date}T12:00:00Z`).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }),
  };
}

/** Draws the chart the first time, then swaps its data in place (no animation, so a refresh does not flicker). */
function show(key: keyof Charts, canvas: HTMLCanvasElement, config: ChartConfiguration<'bar'>) {
  const existing = charts[key];
  if (existing && existing.canvas === canvas) {
    existing.data = config.data;
    existing.update('none');
    return existing;
  }
  existing?.destroy();
  return (charts[key] = new Chart(canvas, config));
}

const base = { animation: false, responsive: true, maintainAspectRatio: false } as const;

function render(container: HTMLElement, report: SalesReport) {
  const f = formatters(report.currency);
  let canvases = container.querySelectorAll('canvas');
  if (canvases.length !== 3) {
    container.replaceChildren(
      ...['Seats per showtime (sold / held / free)', 'Revenue per day', 'Revenue per film'].map((title, index) => {
        const figure = document.createElement('figure');
        figure.className = 'chart';
        const caption = document.createElement('figcaption');
        caption.textContent = title;
        const box = document.createElement('div');
        box.className = 'chart-box';
        const canvas = document.createElement('canvas');
        canvas.dataset.testid = ['occupancy-chart', 'revenue-day-chart', 'revenue-film-chart'][index];
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-label', `${title}; the numbers are in the table below`);
        box.append(canvas);
        figure.append(caption, box);
        return figure;
      }),
    );
    container.append(document.createElement('div'));
    canvases = container.querySelectorAll('canvas');
  }
  const rows = report.showtimes.filter((row) => row.status === 'scheduled');
  // One bar per showtime: the box grows with the programme so every label stays readable.
  canvases[0]!.parentElement!.style.height = `${Math.max(160, rows.length * 26 + 70)}px`;
  const percentAxis = { stacked: true, max: 100, ticks: { callback: (value: string | number) => f.percent(Number(value)) } };
  show('occupancy', canvases[0]!, {
    type: 'bar',
    data: {
      labels: rows.map(f.showtime),
      datasets: [
        { label: 'Sold', data: rows.map((row) => row.soldPercent), backgroundColor: '#1f6f43' },
        { label: 'Held', data: rows.map((row) => row.heldPercent), backgroundColor: '#d08b00' },
        { label: 'Free', data: rows.map((row) => row.freePercent), backgroundColor: '#c9d1d9' },
      ],
    },
    options: {
      ...base,
      indexAxis: 'y',
      scales: { x: percentAxis, y: { stacked: true } },
      plugins: {
        tooltip: {
          callbacks: {
            label: (item) => {
              const row = rows[item.dataIndex]!;
              const seats = [row.sold, row.held, row.free][item.datasetIndex]!;
              return `${item.dataset.label}: ${f.percent(Number(item.raw))} (${seats} of ${row.seats} seats)`;
            },
          },
        },
      },
    },
  });
  const moneyAxis = { beginAtZero: true, ticks: { callback: (value: string | number) => f.money(Number(value)) } };
  const moneyTooltip = { callbacks: { label: (item: { raw: unknown }) => f.money(Number(item.raw)) } };
  show('days', canvases[1]!, {
    type: 'bar',
    data: {
      labels: report.days.map((day) => f.day(day.date)),
      datasets: [{ label: `Revenue (${report.currency})`, data: report.days.map((day) => day.revenueCents), backgroundColor: '#3451b2' }],
    },
    options: { ...base, scales: { y: moneyAxis }, plugins: { tooltip: moneyTooltip } },
  });
  show('films', canvases[2]!, {
    type: 'bar',
    data: {
      labels: report.films.map((film) => film.movieTitle),
      datasets: [
        { label: `Revenue (${report.currency})`, data: report.films.map((film) => film.revenueCents), backgroundColor: '#8a3ffc' },
      ],
    },
    options: { ...base, scales: { y: moneyAxis }, plugins: { tooltip: moneyTooltip } },
  });
  container.lastElementChild!.replaceWith(describeTables(report, f));
}

declare global {
  interface Window {
    MarqueeAdminCharts?: { render: typeof render; charts: Charts };
  }
}
window.MarqueeAdminCharts = { render, charts };
