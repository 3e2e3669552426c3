// W6, the cluster curve: a fresh `npm run cluster` of 1, 2 and 3 instances behind nginx (each on its own
// Postgres database), and the 1-instance cluster's instance read directly on its TCP port as the point
// without the balancer. At each point, after a set-up through the API (not timed): W2's holds, W1's cached
// seat-map reads, and W4's change → viewer latency (websocket viewers and a probe, both through nginx,
// under W4's mixed load). Each cluster is warmed up first (unmeasured) and its idle CPU noted. CPU per
// request is the instances' plus nginx's, from /proc, over each load.
import { call, createShowtimes, createUsers } from './api.mjs';
import { startBenchCluster } from './cluster.mjs';
import { percentiles, runLoad, sleep, startViewers } from './jobs.mjs';
import { holdSlots, startProbe, viewerLatency } from './workloads.mjs';

const showtimesForLatency = 10;
const warmUpSlots = 5000;

/** Runs one load and adds the servers' CPU time per request: { instances, nginx, total } in µs. */
async function measured(cluster, title, job) {
  const before = cluster.cpu();
  const logged = cluster.output().length;
  const result = await runLoad(title, job);
  const after = cluster.cpu();
  const fiveXx = Object.entries(result.statusCodes)
    .filter(([code]) => code.startsWith('5'))
    .reduce((sum, [, n]) => sum + n, 0);
  if (fiveXx > 0) {
    // The instances run from src/: a 5xx is worth its log lines right here, not only as a status count.
    const lines = cluster.output().slice(logged).split('\n').filter(Boolean);
    console.log(
      `    ${title} · ${fiveXx} answers were 5xx; the cluster logged ${lines.length} lines meanwhile, the last:\n${lines
        .slice(-5)
        .map((l) => `      ${l.slice(0, 300)}`)
        .join('\n')}`,
    );
  }
  if (result.requests > 0) {
    const per = (ms) => (ms * 1000) / result.requests;
    const instances = per(after.instances - before.instances);
    const nginx = per(after.nginx - before.nginx);
    result.cpu = { instances, nginx };
    result.cpuUsPerRequest = instances + nginx;
  }
  return result;
}

/** CPU ms per second the cluster's servers use with no load at all (timers, Redis, pools): a floor. */
async function idleCpu(cluster, ms = 3000) {
  await sleep(500); // let the warm-up's last answers and broadcasts settle
  const before = cluster.cpu();
  await sleep(ms);
  const after = cluster.cpu();
  return ((after.instances + after.nginx - before.instances - before.nginx) * 1000) / ms;
}

/** The set-up every point of one cluster shares: W2's showtimes and users, W1's showtime with 30 holds. */
async function setUpCluster(url) {
  const holdShowtimes = await createShowtimes(url, { count: 200, rows: 15, perRow: 20, name: 'Holds' });
  const users = await createUsers(url, 200);
  const reads = await createShowtimes(url, { count: 1, rows: 15, perRow: 20, name: 'Reads' });
  for (let i = 0; i < 30; i++) {
    await call(url, 'POST', `/api/showtimes/${reads.showtimeIds[0]}/holds`, {
      token: users[i % 3].token,
      body: { seats: [reads.labels[i * 7]] },
    });
  }
  const probeUsers = await createUsers(url, 20, 'probe');
  return {
    slots: holdSlots(holdShowtimes.showtimeIds, holdShowtimes.labels, users),
    users,
    probeUsers,
    readShowtimeId: reads.showtimeIds[0],
  };
}

/** One point of the curve: holds, reads, then latency under mixed load, all against `url`. */
async function measurePoint(options, cluster, url, point, setup, slots, idleCpuMsPerSecond) {
  const title = `W6 ${point.label}`;
  const base = { id: 'W6', point: point.label, instances: point.instances, via: point.via };
  const holds = await measured(cluster, title, {
    scenario: 'holds',
    url,
    connections: options.connections,
    duration: options.duration,
    slots,
  });
  delete holds.made;
  const reads = await measured(cluster, title, {
    scenario: 'get',
    url,
    path: `/api/showtimes/${setup.readShowtimeId}/seats`,
    connections: options.connections,
    duration: options.duration,
  });

  // Fresh showtimes for this point's probe and mixed load, so an earlier point's holds are not in the way.
  const { showtimeIds, labels } = await createShowtimes(url, {
    count: showtimesForLatency,
    rows: 15,
    perRow: 20,
    name: `Live ${point.label}`,
  });
  const probeLabels = labels.slice(-20);
  const viewers = await startViewers({ url, count: options.clusterViewers, processes: 2, showtimeIds, watch: probeLabels, mode: 'held' });
  const probe = startProbe({ url, showtimeIds, labels: probeLabels, users: setup.probeUsers });
  const mixed = await measured(cluster, title, {
    scenario: 'mixed',
    url,
    connections: options.connections,
    duration: options.duration,
    showtimeIds,
    labels: labels.slice(0, -20),
    users: setup.users,
  });
  const probes = await probe.stop();
  await sleep(1000);
  const seen = await viewers.stop();
  const latency = viewerLatency(probes, seen, options.clusterViewers / showtimeIds.length);
  // Behind nginx most receipts crossed instances (the hold on one, the viewer's socket on another).
  const split = { same: [], cross: [] };
  for (const [key, at, instance] of seen.receipts) {
    const sent = probes.get(key);
    if (sent) split[sent.instance === instance ? 'same' : 'cross'].push(Math.max(0, at - sent.respondedAt));
  }
  return [
    { ...base, measure: 'holds', name: `${point.label}: holds, distinct seats`, ...holds },
    { ...base, measure: 'reads', name: `${point.label}: seat map, cached`, ...reads },
    { ...base, measure: 'mixed', name: `${point.label}: mixed load, ${seen.connected} viewers`, ...mixed },
    {
      ...base,
      measure: 'latency',
      name: `${point.label}: change → viewer`,
      ...latency,
      sameInstance: percentiles(split.same),
      crossInstance: percentiles(split.cross),
      restarts: cluster.restarts(),
      idleCpuMsPerSecond,
    },
  ];
}

export async function clusterCurve(options) {
  const rows = [];
  for (const size of [1, 2, 3]) {
    const started = Date.now();
    const cluster = await startBenchCluster(size, `w6_${size}`);
    try {
      console.log(`    W6 · cluster of ${size} ready in ${((Date.now() - started) / 1000).toFixed(1)} s; setting up`);
      const setup = await setUpCluster(cluster.url);
      // Fresh instances run their first requests slower (JIT, pools): 2 s of holds and 2 s of reads
      // through nginx first, unmeasured, on seats of their own.
      const warmUp = setup.slots.splice(-warmUpSlots);
      await runLoad(`W6 warm-up ${size}`, {
        scenario: 'holds',
        url: cluster.url,
        connections: options.connections,
        duration: 2,
        slots: warmUp,
      });
      await runLoad(`W6 warm-up ${size}`, {
        scenario: 'get',
        url: cluster.url,
        path: `/api/showtimes/${setup.readShowtimeId}/seats`,
        connections: options.connections,
        duration: 2,
      });
      const idle = await idleCpu(cluster);
      if (size === 1) {
        // Direct and through nginx share this cluster: each gets half of the hold slots (never the same seat).
        const half = setup.slots.length / 2;
        const direct = { label: '1 direct', instances: 1, via: 'direct' };
        rows.push(...(await measurePoint(options, cluster, cluster.instances[0].url, direct, setup, setup.slots.slice(0, half), idle)));
        setup.slots = setup.slots.slice(half);
      }
      const point = { label: `${size} via nginx`, instances: size, via: 'nginx' };
      rows.push(...(await measurePoint(options, cluster, cluster.url, point, setup, setup.slots, idle)));
      if (cluster.restarts() > 0) console.log(`    W6 · note: ${cluster.restarts()} instance restart(s) during the cluster of ${size}`);
    } finally {
      await cluster.stop();
    }
  }
  return rows;
}

/** The curve from a run's W6 rows, as ratios to the run's Express hello: one entry per point. */
export function curveOf(rows) {
  const express = rows.find((row) => row.name === 'Express hello');
  const points = [...new Set(rows.filter((row) => row.id === 'W6').map((row) => row.point))];
  return points.map((label) => {
    const of = (measure) => rows.find((row) => row.id === 'W6' && row.point === label && row.measure === measure);
    const [holds, reads, mixed, latency] = ['holds', 'reads', 'mixed', 'latency'].map(of);
    const holdsPerSecond = (holds.statusCodes['201'] ?? 0) / holds.seconds;
    return {
      label,
      instances: holds.instances,
      via: holds.via,
      holdsPerSecond,
      holdsRatio: express ? holdsPerSecond / express.rps : undefined,
      readsPerSecond: reads.rps,
      readsRatio: express ? reads.rps / express.rps : undefined,
      mixedPerSecond: mixed.rps,
      latency: latency.viewerLatency.fromResponse,
      crossInstance: latency.crossInstance,
      receipts: `${latency.receipts}/${latency.expectedReceipts}`,
      idleCpuMsPerSecond: latency.idleCpuMsPerSecond,
      cpu: { holds: holds.cpu, reads: reads.cpu, mixed: mixed.cpu },
    };
  });
}
