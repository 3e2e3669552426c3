// The classroom view (/classroom, admins): Marquee's architecture as boxes with live figures, for a
// projector while a demo runs (docs/system-design/index.md). Its own socket sends `classroom:watch`;
// every instance behind the balancer then sends its snapshot once a second (`classroom:instance`, through
// the Redis adapter). An instance whose snapshots stop (killed, restarting) greys out; figures the whole
// database shares (holds, waiting room) come from the freshest snapshot.
import { io, type Socket } from 'socket.io-client';
import { session } from '../api';
import { link, user } from '../app-shell';
import { h, replace } from '../dom';

type Snapshot = {
  instance: string;
  bootId: string;
  uptimeSeconds: number;
  requestsPerSecond: number;
  sockets: number;
  activeHolds: number | null;
  waitingRoom: { waiting: number; admitted: number } | null;
  checkout: { registers: number; busy: number; line: number; breaker: 'closed' | 'half-open' | 'open' };
  database: { up: boolean };
  redis: 'off' | 'up' | 'down';
  replicas: { name: string; up: boolean; inRotation: boolean; lagMs: number | null }[];
};
type Seen = { snapshot: Snapshot; at: number };

// Silent for two and a half snapshots: the box greys out (a killed instance is restarted within seconds,
// so a longer wait would hide it). Silent for minutes: it is dropped (an instance gone for good).
const STALE_MS = 2500;
const FORGET_MS = 5 * 60_000;

const fmt = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined ? '–' : n.toLocaleString(undefined, { maximumFractionDigits: digits });

function figure(name: string, value: string, label: string) {
  return h(
    'div',
    { class: 'cv-figure', 'data-figure': name },
    h('span', { class: 'cv-number' }, value),
    h('span', { class: 'cv-label' }, label),
  );
}

function box(title: string, state: 'ok' | 'down' | 'idle' | 'stale', ...children: (Node | false | null)[]) {
  return h('section', { class: `cv-box cv-${state}`, 'data-state': state }, h('h2', { class: 'cv-title' }, title), ...children);
}

const note = (text: string) => h('p', { class: 'cv-note' }, text);

function instanceBox({ snapshot, at }: Seen, now: number) {
  const silent = now - at > STALE_MS;
  const element = box(
    snapshot.instance,
    silent ? 'stale' : 'ok',
    figure('requests', fmt(snapshot.requestsPerSecond, 1), 'requests / second'),
    figure('sockets', fmt(snapshot.sockets), 'live sockets'),
    figure('holds', fmt(snapshot.activeHolds), 'active holds'),
    note(silent ? `NOT ANSWERING: silent for ${Math.round((now - at) / 1000)} s` : `up ${fmt(snapshot.uptimeSeconds)} s`),
  );
  element.setAttribute('data-testid', 'classroom-instance');
  element.setAttribute('data-instance', snapshot.instance);
  return element;
}

function draw(root: HTMLElement, seen: Map<string, Seen>, connected: boolean) {
  const now = Date.now();
  for (const [id, entry] of seen) if (now - entry.at > FORGET_MS) seen.delete(id);
  const all = [...seen.values()].sort((a, b) => a.snapshot.instance.localeCompare(b.snapshot.instance));
  const live = all.filter((entry) => now - entry.at <= STALE_MS);
  const freshest = [...live].sort((a, b) => b.at - a.at)[0]?.snapshot;
  const sum = (pick: (s: Snapshot) => number) => live.reduce((total, entry) => total + pick(entry.snapshot), 0);

  const balancer = box(
    all.length > 1 ? 'Load balancer' : 'Front door',
    live.length ? 'ok' : 'idle',
    figure(
      'total-requests',
      fmt(
        sum((s) => s.requestsPerSecond),
        1,
      ),
      'requests / second in all',
    ),
    note(
      all.length > 1
        ? `${live.length} of ${all.length} instances answering`
        : live.length
          ? 'one instance, no balancer needed'
          : 'no instance heard yet',
    ),
  );
  const instances = h('div', { class: 'cv-column', 'data-testid': 'classroom-instances' }, ...all.map((entry) => instanceBox(entry, now)));
  if (!all.length) instances.append(box('Instances', 'idle', note(connected ? 'waiting for the first snapshot…' : 'connecting…')));

  const redisState = !freshest ? 'idle' : live.some((e) => e.snapshot.redis === 'down') ? 'down' : freshest.redis === 'off' ? 'idle' : 'ok';
  const redis = box(
    'Redis (shared state)',
    redisState,
    note({ idle: freshest ? 'not used: one instance' : '–', ok: 'up', down: 'DOWN', stale: '' }[redisState]),
  );
  const dbUp = freshest ? live.every((e) => e.snapshot.database.up) : undefined;
  const primary = box(
    'Primary database',
    dbUp === undefined ? 'idle' : dbUp ? 'ok' : 'down',
    figure('db-holds', fmt(freshest?.activeHolds), 'active holds'),
    note(dbUp === undefined ? '–' : dbUp ? 'up: every write goes here' : 'DOWN'),
  );
  const replicas = freshest?.replicas ?? [];
  const replicaBoxes = replicas.length
    ? replicas.map((replica) =>
        box(
          `Replica ${replica.name}`,
          replica.up ? 'ok' : 'down',
          figure('lag', replica.up ? fmt(replica.lagMs) : '–', 'ms behind the primary'),
          note(replica.up ? (replica.inRotation ? 'serving reads' : 'too far behind: reads go to the primary') : 'DOWN'),
        ),
      )
    : [box('Replica', 'idle', note('none configured'))];
  const data = h('div', { class: 'cv-column' }, redis, primary, ...replicaBoxes);

  const room = freshest?.waitingRoom;
  const waiting = box(
    'Waiting room',
    room && (room.waiting || room.admitted) ? 'ok' : 'idle',
    figure('queue', fmt(room?.waiting), 'people in line'),
    figure('admitted', fmt(room?.admitted), 'admitted now'),
  );
  const breakers = live.map((e) => e.snapshot.checkout.breaker);
  const breaker = breakers.includes('open') ? 'open' : breakers.includes('half-open') ? 'half-open' : 'closed';
  const lanes = box(
    'Checkout lanes',
    !live.length ? 'idle' : breaker === 'open' ? 'down' : 'ok',
    figure('registers', `${fmt(sum((s) => s.checkout.busy))} / ${fmt(sum((s) => s.checkout.registers))}`, 'registers busy'),
    figure('line', fmt(sum((s) => s.checkout.line)), 'waiting in line'),
    note({ closed: 'payments flowing', 'half-open': 'payments: trying again', open: 'payments paused (breaker open)' }[breaker]),
  );

  replace(
    root,
    h(
      'div',
      { class: 'cv-flow' },
      h('div', { class: 'cv-column' }, balancer),
      h('div', { class: 'cv-arrow' }, '→'),
      instances,
      h('div', { class: 'cv-arrow' }, '→'),
      data,
    ),
    h('div', { class: 'cv-row' }, waiting, lanes),
  );
}

export function showClassroom(main: HTMLElement) {
  if (user()?.role !== 'admin')
    return void replace(
      main,
      h(
        'p',
        { 'data-testid': 'classroom-denied' },
        'The classroom view is for admins. ',
        link('/login?next=/classroom', 'Sign in as an admin'),
      ),
    );
  const status = h('span', { class: 'cv-status', 'data-testid': 'classroom-status' }, 'connecting…');
  const diagram = h('div', { class: 'cv-diagram', 'data-testid': 'classroom-diagram' });
  replace(main, h('div', { class: 'classroom' }, h('header', { class: 'cv-header' }, h('h1', {}, 'Marquee, live'), status), diagram));

  const seen = new Map<string, Seen>();
  const render = () => draw(diagram, seen, socket.connected);
  const receive = (snapshot: Snapshot) => {
    seen.set(snapshot.instance, { snapshot, at: Date.now() });
    render();
  };
  // A socket of its own, opened the way realtime.ts opens the page's: websocket only, the same token.
  const socket: Socket = io({ auth: { token: session.token }, transports: ['websocket'], reconnectionDelayMax: 5000 });
  socket.on('connect', () => {
    status.textContent = 'live';
    socket
      .timeout(5000)
      .emit('classroom:watch', (error: Error | null, ack?: { ok: boolean; snapshot?: Snapshot; error?: { message: string } }) => {
        if (error || !ack?.ok || !ack.snapshot) return void (status.textContent = ack?.error?.message ?? 'could not start watching');
        receive(ack.snapshot);
      });
  });
  socket.on('disconnect', () => ((status.textContent = 'reconnecting…'), render()));
  socket.on('classroom:instance', receive);
  const timer = setInterval(render, 1000); // greys out a box whose instance went silent
  render();
  return {
    stop() {
      clearInterval(timer);
      socket.disconnect();
    },
  };
}
