// Hand-made SVG charts for the demos (chart.js needs a canvas, which node has not): grouped bars and
// lines over time, drawn from the run's own numbers. Small on purpose: axes, labels, a legend.
const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;');
export const palette = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666'];
const fmt = (v) => (Number.isInteger(v) ? String(v) : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

function frame({ width, height, title, subtitle, series }) {
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="20" y="24" font-size="15" font-weight="bold">${escape(title)}</text>`,
  ];
  if (subtitle) parts.push(`<text x="20" y="42" fill="#555">${escape(subtitle)}</text>`);
  let lx = 20;
  series.forEach((name, i) => {
    parts.push(`<rect x="${lx}" y="52" width="12" height="12" fill="${palette[i % palette.length]}"/>`);
    parts.push(`<text x="${lx + 16}" y="62">${escape(name)}</text>`);
    lx += 30 + String(name).length * 7;
  });
  return parts;
}

function axis(parts, { left, top, right, bottom, max, yLabel }) {
  parts.push(`<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#999"/>`);
  parts.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" stroke="#999"/>`);
  for (let i = 0; i <= 4; i++) {
    const y = bottom - ((bottom - top) * i) / 4;
    parts.push(`<line x1="${left - 3}" y1="${y}" x2="${right}" y2="${y}" stroke="#eee"/>`);
    parts.push(`<text x="${left - 6}" y="${y + 4}" text-anchor="end" font-size="10">${fmt((max * i) / 4)}</text>`);
  }
  if (yLabel)
    parts.push(
      `<text x="14" y="${(top + bottom) / 2}" transform="rotate(-90 14 ${(top + bottom) / 2})" text-anchor="middle">${escape(yLabel)}</text>`,
    );
}

/**
 * Grouped bars: groups [{ label, values: [v per series] }], one colour per series.
 * Each bar is labelled with its value. independent: each group has its own scale (for groups in
 * different units, compared across series only); the y axis is then left out.
 */
export function barChart({ title, subtitle, series, groups, yLabel, independent = false, width = 900, height = 380 }) {
  const parts = frame({ width, height, title, subtitle, series });
  const [left, top, right, bottom] = [70, 80, width - 20, height - 50];
  const overall = Math.max(1e-9, ...groups.flatMap((g) => g.values.map((v) => v ?? 0))) * 1.15;
  if (independent) parts.push(`<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#999"/>`);
  else axis(parts, { left, top, right, bottom, max: overall, yLabel });
  const slot = (right - left) / groups.length;
  const barWidth = Math.min(40, (slot - 10) / series.length);
  groups.forEach((group, g) => {
    const max = independent ? Math.max(1e-9, ...group.values.map((v) => v ?? 0)) * 1.15 : overall;
    const start = left + g * slot + (slot - barWidth * series.length) / 2;
    group.values.forEach((v, s) => {
      const h = ((v ?? 0) / max) * (bottom - top);
      const x = start + s * barWidth;
      parts.push(
        `<rect x="${x + 1}" y="${bottom - h}" width="${barWidth - 2}" height="${Math.max(0.5, h)}" fill="${palette[s % palette.length]}"/>`,
      );
      if (barWidth >= 14)
        parts.push(
          `<text x="${x + barWidth / 2}" y="${bottom - h - 4}" text-anchor="middle" font-size="9">${v === null || v === undefined ? '–' : fmt(v)}</text>`,
        );
    });
    parts.push(
      `<text x="${left + g * slot + slot / 2}" y="${bottom + 16}" text-anchor="middle" font-size="11">${escape(group.label)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

/** Lines over x: lines [{ name, points: [[x, y]...] }]; marks [{ x, label }] draw a dashed vertical line. */
export function lineChart({ title, subtitle, lines, marks = [], xLabel, yLabel, width = 900, height = 380 }) {
  const parts = frame({ width, height, title, subtitle, series: lines.map((l) => l.name) });
  const [left, top, right, bottom] = [70, 80, width - 20, height - 50];
  const xs = lines.flatMap((l) => l.points.map((p) => p[0])).concat(marks.map((m) => m.x));
  const [xMin, xMax] = [Math.min(0, ...xs), Math.max(1e-9, ...xs)];
  const max = Math.max(1e-9, ...lines.flatMap((l) => l.points.map((p) => p[1]))) * 1.15;
  axis(parts, { left, top, right, bottom, max, yLabel });
  const px = (x) => left + ((x - xMin) / (xMax - xMin || 1)) * (right - left);
  const py = (y) => bottom - (y / max) * (bottom - top);
  for (let i = 0; i <= 5; i++) {
    const x = xMin + ((xMax - xMin) * i) / 5;
    parts.push(`<text x="${px(x)}" y="${bottom + 16}" text-anchor="middle" font-size="10">${fmt(x)}</text>`);
  }
  if (xLabel) parts.push(`<text x="${(left + right) / 2}" y="${bottom + 34}" text-anchor="middle">${escape(xLabel)}</text>`);
  lines.forEach((line, i) => {
    const d = line.points.map(([x, y], k) => `${k ? 'L' : 'M'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
    parts.push(`<path d="${d}" fill="none" stroke="${palette[i % palette.length]}" stroke-width="2"/>`);
  });
  for (const mark of marks) {
    parts.push(`<line x1="${px(mark.x)}" y1="${top}" x2="${px(mark.x)}" y2="${bottom}" stroke="#c00" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${px(mark.x) + 4}" y="${top + 12}" fill="#c00" font-size="11">${escape(mark.label)}</text>`);
  }
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

/** Counts of `values` in equal bins between 0 and the largest value: [{ label, count }]. */
export function histogram(values, bins = 12) {
  const max = Math.max(1e-9, ...values);
  const width = max / bins;
  const counts = Array.from({ length: bins }, () => 0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor(v / width))]++;
  return counts.map((count, i) => ({ label: `${fmt(i * width)}–${fmt((i + 1) * width)}`, count }));
}
