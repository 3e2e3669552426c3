// The rush demo's numbers and pictures: statistics over the fans' own records, the summary table for the
// terminal and docs, and a small hand-made SVG (three panels of bars, run A beside run B).

export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Ranks 1..n, ties sharing their average rank. */
function ranks(values) {
  const order = values.map((value, i) => ({ value, i })).sort((a, b) => a.value - b.value);
  const result = new Array(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].value === order[start].value) end++;
    for (let k = start; k <= end; k++) result[order[k].i] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return result;
}

/** Spearman's rho: Pearson's correlation of the ranks. null with fewer than three pairs or no spread. */
export function spearman(xs, ys) {
  if (xs.length < 3) return null;
  const [a, b] = [ranks(xs), ranks(ys)];
  const mean = (v) => v.reduce((s, x) => s + x, 0) / v.length;
  const [ma, mb] = [mean(a), mean(b)];
  let [num, da, db] = [0, 0, 0];
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - ma) * (b[i] - mb);
    da += (a[i] - ma) ** 2;
    db += (b[i] - mb) ** 2;
  }
  return da === 0 || db === 0 ? null : num / Math.sqrt(da * db);
}

/** One run's figures from its fans' results, the server's CPU and the room's draw (run B). */
export function summarize({ label, roomOn, results, seatsTotal, seatsSold, cpuSeconds, durationSeconds, drawOrder }) {
  const buyers = results.filter((r) => r.outcome === 'bought').sort((x, y) => x.boughtAt - y.boughtAt);
  const holdMs = results.flatMap((r) => r.holdMs);
  const successfulHolds = results.filter((r) => r.heldAt).length;
  const conflicts = results.reduce((s, r) => s + r.conflicts, 0);
  const tooMany = results.reduce((s, r) => s + r.tooMany, 0);
  // Waiting: from arriving to being let at the seats (the room's admission; at once without a room).
  const waits = results.filter((r) => r.admittedAt).map((r) => (r.admittedAt - r.arrivedAt) / 1000);
  const toPurchase = buyers.map((r) => (r.boughtAt - r.arrivedAt) / 1000);
  const ticketToFan = new Map(results.filter((r) => r.ticketId).map((r) => [r.ticketId, r.arrivedAt]));
  const drawn = (drawOrder ?? []).map((id) => ticketToFan.get(id)).filter((index) => index !== undefined);
  return {
    label,
    roomOn,
    fans: results.length,
    errors: results.filter((r) => r.outcome === 'error').length,
    seatsTotal,
    seatsSold,
    buyers: buyers.length,
    holdRequests: holdMs.length,
    successfulHolds,
    conflictsPerHold: successfulHolds ? conflicts / successfulHolds : null,
    rateLimitedPerHold: successfulHolds ? tooMany / successfulHolds : null,
    conflicts,
    rateLimited: tooMany,
    holdLatencyMs: { p50: percentile(holdMs, 50), p99: percentile(holdMs, 99) },
    serverCpu: { seconds: cpuSeconds, percentOfOneCore: durationSeconds ? (cpuSeconds / durationSeconds) * 100 : null },
    durationSeconds,
    // Arrival order (when each fan really arrived) against purchase order, over the fans who bought.
    arrivalVsPurchase: spearman(
      buyers.map((r) => r.arrivedAt),
      buyers.map((_, i) => i),
    ),
    earlyArrivals: roomOn ? drawn.length : null,
    // Early arrivals: their place in the draw against their arrival order; a fair draw is near 0.
    earlyArrivalVsDraw: roomOn
      ? spearman(
          drawn,
          drawn.map((_, i) => i),
        )
      : null,
    waitSeconds: { p50: percentile(waits, 50), p99: percentile(waits, 99) },
    toPurchaseSeconds: { p50: percentile(toPurchase, 50), p99: percentile(toPurchase, 99) },
  };
}

const fmt = (n, digits = 0) => (n === null || n === undefined || Number.isNaN(n) ? '–' : Number(n).toFixed(digits));

export function summaryRows(runs) {
  const rows = [
    ['seats sold', (r) => `${r.seatsSold} / ${r.seatsTotal}`],
    ['fans who bought', (r) => `${r.buyers} / ${r.fans}`],
    ['409s per successful hold', (r) => fmt(r.conflictsPerHold, 2)],
    ['429s per successful hold', (r) => fmt(r.rateLimitedPerHold, 2)],
    ['hold latency p50 / p99 ms', (r) => `${fmt(r.holdLatencyMs.p50)} / ${fmt(r.holdLatencyMs.p99)}`],
    ['server CPU s (% of a core)', (r) => `${fmt(r.serverCpu.seconds, 1)} (${fmt(r.serverCpu.percentOfOneCore)} %)`],
    ['arrival vs purchase order (Spearman)', (r) => fmt(r.arrivalVsPurchase, 2)],
    ['early arrivals: arrival vs draw (Spearman)', (r) => (r.roomOn ? `${fmt(r.earlyArrivalVsDraw, 2)} (${r.earlyArrivals} fans)` : '–')],
    ['wait for the seats p50 / p99 s', (r) => `${fmt(r.waitSeconds.p50, 1)} / ${fmt(r.waitSeconds.p99, 1)}`],
    ['arrival to purchase p50 / p99 s', (r) => `${fmt(r.toPurchaseSeconds.p50, 1)} / ${fmt(r.toPurchaseSeconds.p99, 1)}`],
    ['run length s', (r) => fmt(r.durationSeconds, 1)],
  ];
  return rows.map(([name, value]) => [name, ...runs.map(value)]);
}

export function markdownTable(runs) {
  const lines = [`| | ${runs.map((r) => r.label).join(' | ')} |`, `|---|${runs.map(() => '---:').join('|')}|`];
  for (const row of summaryRows(runs)) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

export function textTable(runs) {
  const rows = [['', ...runs.map((r) => r.label)], ...summaryRows(runs)];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => String(row[c]).length)));
  return rows
    .map((row) => row.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('   '))
    .join('\n');
}

const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;');
const colors = ['#d95f02', '#1b9e77'];

/** Three panels (pain, cost, fairness), one bar per run in each metric group. */
export function rushSvg(runs, options) {
  const panels = [
    {
      title: 'Failed tries per successful hold',
      metrics: [
        ['409s', (r) => r.conflictsPerHold, 2],
        ['429s', (r) => r.rateLimitedPerHold, 2],
      ],
    },
    {
      title: 'Server cost and hold latency',
      metrics: [
        ['CPU s', (r) => r.serverCpu.seconds, 1],
        ['hold p99 ms', (r) => r.holdLatencyMs.p99, 0],
      ],
    },
    {
      title: 'Fairness (|Spearman|) and waits',
      metrics: [
        ['arrival↔purchase', (r) => Math.abs(r.arrivalVsPurchase ?? 0), 2],
        ['early: arrival↔draw', (r) => (r.roomOn ? Math.abs(r.earlyArrivalVsDraw ?? 0) : null), 2],
        ['wait p99 s', (r) => r.waitSeconds.p99, 1],
      ],
    },
  ];
  const width = 960;
  const height = 300;
  const panelWidth = (width - 40) / panels.length;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="20" y="22" font-size="15" font-weight="bold">${escape(`Rush: ${options.fans} fans, ${options.seats} seats, room at ${options.rate}/min`)}</text>`,
  ];
  runs.forEach((run, i) => {
    parts.push(
      `<rect x="${560 + i * 190}" y="12" width="12" height="12" fill="${colors[i]}"/>`,
      `<text x="${576 + i * 190}" y="22">${escape(run.label)}</text>`,
    );
  });
  panels.forEach((panel, p) => {
    const x = 20 + p * panelWidth;
    const top = 70;
    const bottom = height - 40;
    parts.push(`<text x="${x}" y="52" font-weight="bold">${escape(panel.title)}</text>`);
    parts.push(`<line x1="${x}" y1="${bottom}" x2="${x + panelWidth - 20}" y2="${bottom}" stroke="#999"/>`);
    const slot = (panelWidth - 20) / panel.metrics.length;
    panel.metrics.forEach(([name, value, digits], m) => {
      // Each metric has its own scale: the bars compare the runs, not the metrics.
      const values = runs.map(value);
      const max = Math.max(1e-9, ...values.map((v) => v ?? 0)) * 1.2;
      const barWidth = Math.min(30, (slot - 12) / runs.length);
      const start = x + m * slot + (slot - barWidth * runs.length) / 2;
      values.forEach((v, r) => {
        const h = ((v ?? 0) / max) * (bottom - top);
        const bx = start + r * barWidth;
        parts.push(`<rect x="${bx + 1}" y="${bottom - h}" width="${barWidth - 2}" height="${Math.max(0.5, h)}" fill="${colors[r]}"/>`);
        parts.push(
          `<text x="${bx + barWidth / 2}" y="${bottom - h - 4}" text-anchor="middle" font-size="10">${v === null ? '–' : fmt(v, digits)}</text>`,
        );
      });
      parts.push(`<text x="${x + m * slot + slot / 2}" y="${bottom + 16}" text-anchor="middle" font-size="11">${escape(name)}</text>`);
    });
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
