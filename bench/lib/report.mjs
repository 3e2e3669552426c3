// Turns the rows of a run into target verdicts, a Markdown table and an SVG bar chart of the ratios.
import { curveMarkdown } from './curve-report.mjs';

const fmt = (n, digits = 0) => (n === null || n === undefined || Number.isNaN(n) ? '–' : Number(n).toFixed(digits));
const codes = (statusCodes = {}) =>
  Object.entries(statusCodes)
    .map(([code, n]) => `${code}: ${n}`)
    .join(', ');
const fiveXx = (statusCodes = {}) =>
  Object.entries(statusCodes)
    .filter(([code]) => /^5/.test(code))
    .reduce((sum, [, n]) => sum + n, 0);

export function addRatios(rows) {
  const express = rows.find((row) => row.name === 'Express hello');
  for (const row of rows) if (row.rps !== undefined && express) row.ratio = row.rps / express.rps;
  return rows;
}

/** [{ target, value, met }] for the targets of the workloads that ran. */
export function checkTargets(rows, db) {
  const find = (id, start) => rows.find((row) => row.id === id && row.name.startsWith(start));
  const checks = [];
  const add = (target, value, met) => checks.push({ target, value, met });
  const w1 = find('W1', 'seat map, cache on');
  if (w1) add('W1 cached seat-map reads ≥ 0.6 × Express hello', `${fmt(w1.ratio, 2)} ×`, w1.ratio >= 0.6);
  const w2 = find('W2', 'holds');
  const w2Target = db === 'sqlite' ? 0.35 : 0.25;
  if (w2) {
    // Holds made (201s) per second, so a 409 could never count as a hold.
    const held = (w2.statusCodes['201'] ?? 0) / w2.seconds;
    const ratio = held / find('W0', 'Express').rps;
    add(`W2 holds/s ≥ ${w2Target} × Express hello (${db})`, `${fmt(ratio, 2)} × (${fmt(held)} holds/s)`, ratio >= w2Target);
  }
  const races = find('W3', 'races');
  const conflict = find('W3', '409 path');
  if (races) {
    const r = races.rounds;
    add('W3 exactly 10 winners in every round', `${r.exactWinnerRounds}/${r.rounds} rounds`, r.exactWinnerRounds === r.rounds);
    add('W3 zero oversells', String(r.oversold), r.oversold === 0);
    const errors = fiveXx(r.statusCodes) + fiveXx(conflict?.statusCodes) + (r.statusCodes.error ?? 0);
    add('W3 zero 5xx (rounds and 409 path)', String(errors), errors === 0);
  }
  if (conflict) add('W3 409 path ≥ 0.6 × Express hello', `${fmt(conflict.ratio, 2)} ×`, conflict.ratio >= 0.6);
  const w4 = find('W4', 'change');
  if (w4) add('W4 change → viewer p99 ≤ 100 ms', `${fmt(w4.viewerLatency.fromResponse.p99)} ms`, w4.viewerLatency.fromResponse.p99 <= 100);
  const w5 = find('W5', 'expiry');
  if (w5) {
    add(
      'W5 release p99 ≤ 1 s after the deadline',
      `${fmt(w5.release.p99)} ms (max ${fmt(w5.release.max)})`,
      w5.release.p99 <= 1000 && w5.stillActive === 0,
    );
    add('W5 RSS ≤ 300 MB at 100,000 holds', `${fmt(w5.rssPeakBytes / 2 ** 20)} MB peak`, w5.rssPeakBytes <= 300 * 2 ** 20);
    add('W5 event-loop delay p99 ≤ 50 ms', `${fmt(w5.eventLoopP99Ms)} ms (worst 0.5 s window)`, w5.eventLoopP99Ms <= 50);
  }
  return checks;
}

export function markdown(run) {
  const lines = [
    `# Marquee bench, ${run.startedAt} (${run.db})`,
    '',
    `Machine: ${run.machine.cpu}, ${run.machine.nproc} cores, ${run.machine.memory} memory, Node ${run.machine.node}.`,
    `Settings: ${run.options.duration} s per workload, ${run.options.connections} connections (W3's 409 path: 200), pipelining 1.`,
    `Service: production build, ${Object.entries(run.settings)
      .filter(([k]) => k !== 'JWT_SECRET')
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')} (rate limits off, cheap bcrypt: bench only).`,
    run.quiet ? 'Machine was quiet (no jest or chromium running) at the start.' : `Machine was NOT quiet at the start: ${run.busy}`,
    ...(run.busyAtEnd ? [`Machine was NOT quiet at the end: ${run.busyAtEnd}`] : []),
    '',
    '| workload | what | req/s | × Express | server CPU µs/req | p50 ms | p99 ms | status codes | errors (of which timeouts > 10 s) |',
    '|---|---|---:|---:|---:|---:|---:|---|---:|',
  ];
  for (const row of run.rows.filter((r) => r.rps !== undefined)) {
    lines.push(
      `| ${row.id} | ${row.name} | ${fmt(row.rps)} | ${fmt(row.ratio, 2)} | ${fmt(row.cpuUsPerRequest)} | ${fmt(row.latency.p50)} | ${fmt(row.latency.p99)} | ${codes(row.statusCodes)} | ${row.errors}${row.timeouts ? ` (${row.timeouts} timeouts)` : ''} |`,
    );
  }
  lines.push('', '| other figures | value |', '|---|---|');
  for (const row of run.rows.filter((r) => r.rps === undefined)) {
    if (row.rounds)
      lines.push(
        `| ${row.id} ${row.name} | ${row.rounds.exactWinnerRounds}/${row.rounds.rounds} rounds with exactly 10 winners, ${row.rounds.oversold} oversold, codes ${codes(row.rounds.statusCodes)} |`,
      );
    if (row.viewerLatency) {
      const v = row.viewerLatency.fromResponse;
      const s = row.viewerLatency.fromSend;
      lines.push(
        `| ${row.id} ${row.name} | from the hold's 201: p50 ${fmt(v.p50)} ms, p99 ${fmt(v.p99)} ms, max ${fmt(v.max)} ms; from the request's start: p50 ${fmt(s.p50)}, p99 ${fmt(s.p99)} ms; ${row.receipts}/${fmt(row.expectedReceipts)} receipts of ${row.probeHolds} probe holds |`,
      );
    }
    if (row.release) {
      lines.push(
        `| ${row.id} ${row.name}: deadline → release (Hold.endedAt) | p50 ${fmt(row.release.p50)} ms, p99 ${fmt(row.release.p99)} ms, max ${fmt(row.release.max)} ms; ${row.stillActive} still active at the end |`,
      );
      lines.push(
        `| ${row.id} deadline → 'hold.expired' audit row | p50 ${fmt(row.auditRelease.p50)} ms, p99 ${fmt(row.auditRelease.p99)} ms, max ${fmt(row.auditRelease.max)} ms |`,
      );
      lines.push(
        `| ${row.id} deadline → viewer event | p50 ${fmt(row.viewerEvent.p50)} ms, p99 ${fmt(row.viewerEvent.p99)} ms, max ${fmt(row.viewerEvent.max)} ms (${row.viewerEvent.count} messages) |`,
      );
      lines.push(
        `| ${row.id} event-loop delay / RSS | p99 ${fmt(row.eventLoopP99Ms)} ms, max ${fmt(row.eventLoopMaxMs)} ms; RSS peak ${fmt(row.rssPeakBytes / 2 ** 20)} MB; start-up with the holds ${row.startupMs} ms |`,
      );
      if (row.memory) {
        const m = row.memory;
        const mb = (bytes) => `${fmt(bytes / 2 ** 20)} MB`;
        lines.push(
          `| ${row.id} RSS step by step | fresh service (empty database) ${mb(m.freshBytes)}; ready with the holds ${mb(m.readyBytes)}; viewers joined ${mb(m.viewersBytes)}; peak before the deadline ${mb(m.peakBeforeDeadlineBytes)}; peak ${mb(row.rssPeakBytes)} (V8 heap at the highest sample: ${mb(m.heapUsedAtHighestSampleBytes)} used of ${mb(m.heapTotalAtHighestSampleBytes)}) |`,
        );
      }
    }
  }
  lines.push('', '| target | measured | met |', '|---|---|---|');
  for (const check of run.targets) lines.push(`| ${check.target} | ${check.value} | ${check.met ? 'yes' : '**no**'} |`);
  return lines.join('\n') + '\n' + (run.w6 ? curveMarkdown(run) : '');
}

export function svgChart(run) {
  const bars = run.rows.filter((row) => row.ratio !== undefined);
  const width = 720;
  const left = 260;
  const barHeight = 22;
  const top = 40;
  const height = top + bars.length * (barHeight + 8) + 30;
  const max = Math.max(1.2, ...bars.map((b) => b.ratio));
  const x = (ratio) => left + (ratio / max) * (width - left - 70);
  const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="22" font-size="14" font-weight="bold">Requests/s as a ratio to Express hello (${run.db}, ${run.startedAt.slice(0, 10)})</text>`,
    `<line x1="${x(1)}" y1="${top - 6}" x2="${x(1)}" y2="${height - 24}" stroke="#999" stroke-dasharray="4 3"/>`,
    `<text x="${x(1)}" y="${height - 10}" text-anchor="middle" fill="#666">1.0 = Express hello</text>`,
  ];
  bars.forEach((bar, i) => {
    const y = top + i * (barHeight + 8);
    const color = bar.id === 'W0' ? '#9aa5b1' : '#3b82f6';
    parts.push(
      `<text x="${left - 8}" y="${y + 15}" text-anchor="end">${escape(`${bar.id} ${bar.name}`)}</text>`,
      `<rect x="${left}" y="${y}" width="${Math.max(1, x(bar.ratio) - left)}" height="${barHeight}" fill="${color}"/>`,
      `<text x="${x(bar.ratio) + 6}" y="${y + 15}">${bar.ratio.toFixed(2)} × (${Math.round(bar.rps)}/s)</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
