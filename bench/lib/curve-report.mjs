// W6's own table and chart: the cluster curve (run.w6, from curveOf) point by point. The chart has four
// panels of bars, one bar group per point: holds/s and reads/s as ratios to Express hello, change →
// viewer latency, and the servers' CPU per request split into the instances' and nginx's share.

const fmt = (n, digits = 0) => (n === null || n === undefined || Number.isNaN(n) ? '–' : Number(n).toFixed(digits));
const cpuText = (cpu) => (cpu ? `${fmt(cpu.instances + cpu.nginx)} (nginx ${fmt(cpu.nginx)})` : '–');

export function curveMarkdown(run) {
  const lines = [
    '',
    `## W6 · the cluster curve (Postgres, Redis, nginx; ${run.options.clusterViewers} viewers per point)`,
    '',
    '| point | holds/s | × Express | seat maps/s | × Express | change → viewer p50 / p99 ms | of which across instances p50 / p99 | receipts | CPU µs/hold | CPU µs/read | CPU µs/req, mixed load | idle CPU ms/s |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const p of run.w6) {
    lines.push(
      `| ${p.label} | ${fmt(p.holdsPerSecond)} | ${fmt(p.holdsRatio, 2)} | ${fmt(p.readsPerSecond)} | ${fmt(p.readsRatio, 2)} | ${fmt(p.latency.p50)} / ${fmt(p.latency.p99)} | ${p.crossInstance.count ? `${fmt(p.crossInstance.p50)} / ${fmt(p.crossInstance.p99)}` : '–'} | ${p.receipts} | ${cpuText(p.cpu.holds)} | ${cpuText(p.cpu.reads)} | ${cpuText(p.cpu.mixed)} | ${fmt(p.idleCpuMsPerSecond, 1)} |`,
    );
  }
  lines.push(
    '',
    `CPU is the instances' and nginx's (master and worker) user + system time from /proc over each load, per request; Postgres and Redis are not in it. Idle CPU: the same servers over 3 s with no load (ms of CPU per second, in steps of 3.3: /proc counts 10 ms ticks), measured once per cluster. All processes share the machine's ${run.machine.nproc} cores.`,
  );
  return lines.join('\n') + '\n';
}

const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** One panel: `groups` [{ label, bars: [{ value, color, text, parts? }] }]; parts stack within a bar. */
function panel({ x, y, width, height, title, groups, legend }) {
  const top = y + 34;
  const bottom = y + height - 30;
  const max = Math.max(1e-9, ...groups.flatMap((g) => g.bars.map((b) => b.value ?? 0))) * 1.15;
  const scale = (v) => ((v ?? 0) / max) * (bottom - top);
  const slot = width / groups.length;
  const parts = [
    `<text x="${x}" y="${y + 16}" font-weight="bold">${escape(title)}</text>`,
    `<line x1="${x}" y1="${bottom}" x2="${x + width}" y2="${bottom}" stroke="#999"/>`,
  ];
  legend?.forEach(([color, text], i) => {
    parts.push(
      `<rect x="${x + i * 120}" y="${y + 22}" width="10" height="10" fill="${color}"/>`,
      `<text x="${x + i * 120 + 14}" y="${y + 31}" font-size="11">${escape(text)}</text>`,
    );
  });
  groups.forEach((group, g) => {
    const barWidth = Math.min(34, (slot - 16) / group.bars.length);
    const start = x + g * slot + (slot - barWidth * group.bars.length) / 2;
    group.bars.forEach((bar, b) => {
      const bx = start + b * barWidth;
      let base = bottom;
      for (const part of bar.parts ?? [{ value: bar.value, color: bar.color }]) {
        const h = scale(part.value);
        parts.push(`<rect x="${bx + 1}" y="${base - h}" width="${barWidth - 2}" height="${Math.max(0.5, h)}" fill="${part.color}"/>`);
        base -= h;
      }
      parts.push(
        `<text x="${bx + barWidth / 2}" y="${bottom - scale(bar.value) - 4}" text-anchor="middle" font-size="10">${escape(bar.text)}</text>`,
      );
    });
    parts.push(`<text x="${x + g * slot + slot / 2}" y="${bottom + 16}" text-anchor="middle">${escape(group.label)}</text>`);
  });
  return parts;
}

export function curveSvg(run) {
  const width = 900;
  const height = 660;
  const points = run.w6;
  const grey = (p, color) => (p.via === 'direct' ? '#9aa5b1' : color);
  const ratioBars = (key, perSecond, color) =>
    points.map((p) => ({
      label: p.label,
      bars: [{ value: p[key], color: grey(p, color), text: `${fmt(p[key], 2)}× (${fmt(p[perSecond])}/s)` }],
    }));
  const cpuBar = (cpu, color) => ({
    value: cpu ? cpu.instances + cpu.nginx : 0,
    text: cpu ? fmt(cpu.instances + cpu.nginx) : '–',
    parts: cpu
      ? [
          { value: cpu.instances, color },
          { value: cpu.nginx, color: '#111827' },
        ]
      : [],
  });
  const w = (width - 60) / 2;
  const h = (height - 60) / 2;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="20" y="24" font-size="14" font-weight="bold">W6 · Marquee behind nginx, 1-3 instances on ${run.machine.nproc} cores (${run.startedAt.slice(0, 10)}); grey: one instance, no nginx</text>`,
    ...panel({
      x: 20,
      y: 40,
      width: w,
      height: h,
      title: 'holds/s, × Express hello',
      groups: ratioBars('holdsRatio', 'holdsPerSecond', '#3b82f6'),
    }),
    ...panel({
      x: 40 + w,
      y: 40,
      width: w,
      height: h,
      title: 'cached seat-map reads/s, × Express hello',
      groups: ratioBars('readsRatio', 'readsPerSecond', '#10b981'),
    }),
    ...panel({
      x: 20,
      y: 50 + h,
      width: w,
      height: h,
      title: "change → viewer, ms after the hold's 201 (mixed load)",
      legend: [
        ['#f59e0b', 'p50'],
        ['#dc2626', 'p99'],
      ],
      groups: points.map((p) => ({
        label: p.label,
        bars: [
          { value: p.latency.p50, color: '#f59e0b', text: fmt(p.latency.p50) },
          { value: p.latency.p99, color: '#dc2626', text: fmt(p.latency.p99) },
        ],
      })),
    }),
    ...panel({
      x: 40 + w,
      y: 50 + h,
      width: w,
      height: h,
      title: 'server CPU µs per request (instances + nginx)',
      legend: [
        ['#3b82f6', 'per hold'],
        ['#10b981', 'per read'],
        ['#111827', 'nginx share'],
      ],
      groups: points.map((p) => ({ label: p.label, bars: [cpuBar(p.cpu.holds, '#3b82f6'), cpuBar(p.cpu.reads, '#10b981')] })),
    }),
    '</svg>',
  ];
  return parts.join('\n') + '\n';
}
