// The classroom view's one page: an SVG of the architecture, redrawn from each 'snapshot' the view's
// socket.io server pushes (classroom.mjs). Plain DOM, no build step; large type for a projector.
export function classroomPage() {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Marquee: live architecture</title>
<style>
  body { margin: 0; font-family: system-ui, sans-serif; background: #fafafa; color: #222; }
  header { padding: 12px 24px; font-size: 22px; font-weight: 600; }
  #note { padding: 0 24px 8px; font: 16px ui-monospace, monospace; color: #444; min-height: 22px; }
  svg { width: 100%; height: calc(100vh - 90px); }
  .box rect { fill: white; stroke: #555; stroke-width: 2; rx: 10; }
  .box.down rect { fill: #fde2e2; stroke: #c00; }
  .box.idle rect { fill: #f0f0f0; stroke: #aaa; }
  .title { font-size: 20px; font-weight: 600; }
  .line { font-size: 17px; }
  .wire { stroke: #999; stroke-width: 2; }
</style>
</head>
<body>
<header>Marquee, live: the demo's architecture and its counters (updated every second)</header>
<div id="note"></div>
<svg id="view" viewBox="0 0 1200 640" role="img" aria-label="Architecture with live counters"></svg>
<script src="/socket.io/socket.io.js"></script>
<script>
  const NS = 'http://www.w3.org/2000/svg';
  const view = document.getElementById('view');
  const el = (name, attrs, text) => {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  };
  function box(x, y, w, title, lines, state) {
    const g = el('g', { class: 'box ' + (state || '') });
    const h = 40 + lines.length * 24;
    g.append(el('rect', { x, y, width: w, height: h }));
    g.append(el('text', { x: x + 14, y: y + 28, class: 'title' }, title));
    lines.forEach((line, i) => g.append(el('text', { x: x + 14, y: y + 56 + i * 24, class: 'line' }, line)));
    view.append(g);
    return { x, y, w, h, cx: x + w / 2, cy: y + h / 2 };
  }
  const wire = (a, b) => view.append(el('line', { x1: a.x + a.w, y1: a.cy, x2: b.x, y2: b.cy, class: 'wire' }));
  const sum = (list, key) => list.reduce((s, i) => s + (i[key] || 0), 0);
  const first = (list, key) => { const found = list.find((i) => i[key] !== null && i[key] !== undefined); return found ? found[key] : null; };
  function draw(snapshot) {
    document.getElementById('note').textContent = snapshot.note || '';
    view.replaceChildren();
    const all = snapshot.instances;
    const up = all.filter((i) => i.up);
    const clients = box(20, 270, 170, 'clients', ['load processes', 'HTTP + sockets']);
    const balancer = box(240, 270, 200, all.length > 1 ? 'balancer (nginx)' : 'no balancer', [up.length + ' of ' + all.length + ' up', sum(up, 'requestsPerSecond') + ' req/s'], all.length > 1 ? '' : 'idle');
    wire(clients, balancer);
    const gap = Math.min(150, 560 / Math.max(1, all.length));
    const boxes = all.map((i, k) => box(500, 20 + k * gap, 230, i.label, i.up ? [i.requestsPerSecond + ' req/s', i.sockets + ' sockets', i.rateLimited + ' × 429 so far'] : ['DOWN'], i.up ? '' : 'down'));
    boxes.forEach((b) => wire(balancer, b));
    const redisUp = first(up, 'redisUp');
    const lag = first(up, 'replicaLagSeconds');
    const hits = sum(up, 'cacheHits');
    const misses = sum(up, 'cacheMisses');
    const mid = { x: 730, w: 0, cy: 320, y: 320 };
    const redis = box(800, 20, 360, 'Redis', [redisUp === null ? 'not used (one instance)' : redisUp ? 'up' : 'DOWN'], redisUp === null ? 'idle' : redisUp ? '' : 'down');
    const primary = box(800, 150, 360, 'database (primary)', [
      (first(up, 'activeHolds') ?? '–') + ' active holds',
      (first(up, 'bookingsToday') ?? '–') + ' bookings today',
      'cache hit ratio ' + (hits + misses ? (hits / (hits + misses)).toFixed(2) : '–'),
    ]);
    const replica = box(800, 310, 360, 'replica', [lag === null ? 'none configured' : 'lag ' + lag.toFixed(2) + ' s'], lag === null ? 'idle' : '');
    const waiting = box(800, 420, 360, 'waitlist', [(first(up, 'waitlistWaiting') ?? '–') + ' people waiting']);
    const lanes = box(800, 520, 360, 'checkout lanes', [sum(up, 'registersBusy') + ' registers busy, ' + sum(up, 'checkoutLine') + ' in line']);
    for (const target of [redis, primary, replica, waiting, lanes]) wire(mid, target);
  }
  draw({ instances: [], note: 'waiting for the demo to start a service…' });
  io().on('snapshot', draw);
</script>
</body>
</html>
`;
}
