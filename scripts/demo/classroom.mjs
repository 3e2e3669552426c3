// The live classroom view: `npm run demo -- <name> --classroom` serves one page (classroom-page.mjs) that
// draws the architecture as boxes (balancer, instances, Redis, primary, replica, waitlist, checkout
// lanes) with live counters, pushed over socket.io once a second while the demo runs. The counters come
// only from the services' public operations endpoints: /metrics (with the demos' METRICS_TOKEN) and
// GET /api/admin/stats (as the demos' admin). Demo tooling: src/ knows nothing of it.
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { Server } from 'socket.io';
import { classroomPage } from './classroom-page.mjs';
import { admin } from '../../bench/lib/service.mjs';
import { metricsToken } from './kit-http.mjs';
import { onLog, watchedInstances } from './kit.mjs';

const parse = (text) => {
  const samples = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z0-9_:]+)(?:\{([^}]*)\})? ([0-9.eE+-]+)$/.exec(line);
    if (match) samples.push({ name: match[1], labels: match[2] ?? '', value: Number(match[3]) });
  }
  const sum = (name) => samples.filter((s) => s.name === name).reduce((a, s) => a + s.value, 0);
  const max = (name) => Math.max(0, ...samples.filter((s) => s.name === name).map((s) => s.value));
  return { sum, max, has: (name) => samples.some((s) => s.name === name) };
};

async function fetchText(url, headers) {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(900) });
  if (!response.ok) throw new Error(`${response.status}`);
  return response.text();
}

/** One instance's counters now; requests/s from the difference with its previous sample. */
async function sampleInstance({ label, url }, previous, tokens) {
  const at = Date.now();
  if (!url) return { label, up: false };
  try {
    const m = parse(await fetchText(`${url}/metrics`, { authorization: `Bearer ${metricsToken}` }));
    const requests = m.sum('marquee_http_requests_total');
    const before = previous.get(url);
    previous.set(url, { at, requests });
    const instance = {
      label,
      up: true,
      requestsPerSecond: before ? Math.max(0, Math.round(((requests - before.requests) * 1000) / (at - before.at))) : 0,
      sockets: m.sum('marquee_realtime_connected_sockets'),
      checkoutLine: m.sum('marquee_checkout_line_length'),
      registersBusy: m.sum('marquee_checkout_registers_busy'),
      redisUp: m.has('marquee_redis_up') ? m.max('marquee_redis_up') === 1 : null,
      replicaLagSeconds: m.has('marquee_replica_lag_seconds') ? m.max('marquee_replica_lag_seconds') : null,
      cacheHits: m.sum('marquee_cache_hits_total'),
      cacheMisses: m.sum('marquee_cache_misses_total'),
      rateLimited: m.sum('marquee_rate_limit_rejections_total'),
    };
    tokens.stats ??= await login(url);
    const stats = await fetchText(`${url}/api/admin/stats`, { authorization: `Bearer ${tokens.stats}` }).then(JSON.parse, () => null);
    instance.activeHolds = stats?.activeHolds ?? null;
    instance.waitlistWaiting = stats ? stats.waitlistWaiting.reduce((s, w) => s + w.waiting, 0) : null;
    instance.bookingsToday = stats?.bookingsToday ?? null;
    return instance;
  } catch {
    previous.delete(url);
    return { label, up: false };
  }
}

async function login(url) {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
    signal: AbortSignal.timeout(2000),
  });
  return response.ok ? (await response.json()).token : undefined;
}

/** Starts the view on 127.0.0.1:port (0 picks one); record (a file) keeps every snapshot, for the test. */
export async function startClassroom({ port = 0, record } = {}) {
  const server = http.createServer((req, res) => {
    if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(classroomPage());
    } else {
      res.writeHead(404).end();
    }
  });
  const io = new Server(server);
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  const previous = new Map();
  const tokens = {};
  const snapshots = [];
  let note = '';
  onLog((line) => (note = line.trim()));
  let sampling = false;
  const timer = setInterval(async () => {
    if (sampling) return; // a slow sample never overlaps the next
    sampling = true;
    try {
      const targets = watchedInstances();
      const instances = await Promise.all(targets.map((target) => sampleInstance(target, previous, tokens)));
      const snapshot = { at: Date.now(), note, instances };
      snapshots.push(snapshot);
      io.emit('snapshot', snapshot);
    } finally {
      sampling = false;
    }
  }, 1000);
  return {
    url,
    async stop() {
      clearInterval(timer);
      if (record) writeFileSync(record, JSON.stringify(snapshots, null, 2) + '\n');
      io.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
