// Sharding: a measured simulation, no real shards. A city of theaters, each with its showtimes; showtime
// popularity is Zipf-like (the k-th most popular gets weight 1/k^s) and theaters differ in size (also
// Zipf). Seat changes are drawn from that popularity with a seeded PRNG and counted per shard under
// three placements: hash of the showtime id, hash of the theater id, and a directory that puts the
// busiest showtimes first on the least-loaded shard. The hot-shard floor: no placement can put less than
// the single busiest showtime's load on its shard, because a showtime is never split.
import { barChart } from './chart.mjs';
import * as kit from './kit.mjs';

/** mulberry32: a small seeded PRNG, so the same seed gives the same city and the same requests. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string: a stable stand-in for the hash a shard router would use. */
export function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const zipfWeights = (n, s) => Array.from({ length: n }, (_, k) => 1 / (k + 1) ** s);

/** Index drawn from cumulative weights by binary search. */
function sampler(weights, random) {
  const cumulative = [];
  let total = 0;
  for (const w of weights) cumulative.push((total += w));
  return () => {
    const x = random() * total;
    let [lo, hi] = [0, cumulative.length - 1];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** The city: theaters of Zipf-distributed size; showtimes spread over them by size; popularity Zipf by a random rank. */
export function makeCity({ theaters, showtimes, showtimeSkew, theaterSkew, seed }) {
  const random = prng(seed);
  const pickTheater = sampler(zipfWeights(theaters, theaterSkew), random);
  const ranks = Array.from({ length: showtimes }, (_, i) => i);
  for (let i = ranks.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ranks[i], ranks[j]] = [ranks[j], ranks[i]];
  }
  // Big theaters also get the premieres: the popular showtimes go to theaters drawn by size.
  const byPopularity = ranks.map((rank) => 1 / (rank + 1) ** showtimeSkew);
  return Array.from({ length: showtimes }, (_, i) => ({
    id: `showtime-${i}`,
    theater: `theater-${pickTheater()}`,
    weight: byPopularity[i],
  }));
}

/** Draws `requests` seat changes and counts them per showtime. */
export function drawLoad(city, requests, seed) {
  const random = prng(seed + 1);
  const pick = sampler(
    city.map((s) => s.weight),
    random,
  );
  const counts = new Array(city.length).fill(0);
  for (let i = 0; i < requests; i++) counts[pick()]++;
  return counts;
}

/** Load per shard under each placement, and each placement's max/mean. */
export function place(city, counts, shards) {
  const byShowtime = new Array(shards).fill(0);
  const byTheater = new Array(shards).fill(0);
  city.forEach((s, i) => {
    byShowtime[hash(s.id) % shards] += counts[i];
    byTheater[hash(s.theater) % shards] += counts[i];
  });
  // A directory (a table showtime -> shard) can place by measured load: biggest first, onto the lightest.
  const directory = new Array(shards).fill(0);
  for (const i of counts.map((_, k) => k).sort((a, b) => counts[b] - counts[a])) {
    directory[directory.indexOf(Math.min(...directory))] += counts[i];
  }
  const total = counts.reduce((a, b) => a + b, 0);
  const mean = total / shards;
  const ratio = (loads) => Math.max(...loads) / mean;
  const hottest = Math.max(...counts);
  return {
    shards,
    mean,
    hottestShowtime: hottest,
    floorRatio: Math.max(1, hottest / mean),
    byShowtime: { loads: byShowtime, maxOverMean: ratio(byShowtime) },
    byTheater: { loads: byTheater, maxOverMean: ratio(byTheater) },
    directory: { loads: directory, maxOverMean: ratio(directory) },
  };
}

export async function run({ short, flags }) {
  const o = kit.sizes(
    flags,
    short,
    { theaters: 40, showtimes: 2000, requests: 2_000_000, shards: 8, showtimeSkew: 1.0, theaterSkew: 1.0, seed: 20261201 },
    { theaters: 20, showtimes: 400, requests: 100_000, shards: 8, showtimeSkew: 1.0, theaterSkew: 1.0, seed: 20261201 },
  );
  kit.log(
    `  seed ${o.seed}; ${o.theaters} theaters (size Zipf s=${o.theaterSkew}), ${o.showtimes} showtimes (popularity Zipf s=${o.showtimeSkew}), ${o.requests} seat changes`,
  );
  const started = performance.now();
  const city = makeCity(o);
  const counts = drawLoad(city, o.requests, o.seed);
  const curve = [2, 4, 8, 16, 32].map((n) => place(city, counts, n));
  for (const c of curve) {
    kit.log(
      `  ${String(c.shards).padStart(2)} shards: max/mean by showtime ${c.byShowtime.maxOverMean.toFixed(2)}, by theater ${c.byTheater.maxOverMean.toFixed(2)}, directory ${c.directory.maxOverMean.toFixed(2)}, floor (hottest showtime) ${c.floorRatio.toFixed(2)}`,
    );
  }
  const main = place(city, counts, o.shards);
  const share = (n) => kit.round((100 * n) / o.requests, 2);
  const theaterLoad = new Map();
  city.forEach((s, i) => theaterLoad.set(s.theater, (theaterLoad.get(s.theater) ?? 0) + counts[i]));
  const summary = {
    options: o,
    hottestShowtimeSharePercent: share(main.hottestShowtime),
    hottestTheaterSharePercent: share(Math.max(...theaterLoad.values())),
    atShards: {
      shards: main.shards,
      byShowtime: { loads: main.byShowtime.loads, maxOverMean: kit.round(main.byShowtime.maxOverMean, 3) },
      byTheater: { loads: main.byTheater.loads, maxOverMean: kit.round(main.byTheater.maxOverMean, 3) },
      directory: { loads: main.directory.loads, maxOverMean: kit.round(main.directory.maxOverMean, 3) },
      floorRatio: kit.round(main.floorRatio, 3),
    },
    curve: curve.map((c) => ({
      shards: c.shards,
      byShowtime: kit.round(c.byShowtime.maxOverMean, 3),
      byTheater: kit.round(c.byTheater.maxOverMean, 3),
      directory: kit.round(c.directory.maxOverMean, 3),
      floor: kit.round(c.floorRatio, 3),
    })),
    simulationMs: kit.round(performance.now() - started, 0),
  };
  const svg = barChart({
    title: `Sharding: seat changes per shard (${o.shards} shards, ${o.showtimes} showtimes, ${o.theaters} theaters, Zipf s=${o.showtimeSkew}, seed ${o.seed})`,
    subtitle: `max/mean: by showtime ${summary.atShards.byShowtime.maxOverMean}, by theater ${summary.atShards.byTheater.maxOverMean}, directory ${summary.atShards.directory.maxOverMean}; hottest showtime ${summary.hottestShowtimeSharePercent} % of all changes`,
    series: ['by showtime hash', 'by theater hash', 'directory (by load)'],
    groups: main.byShowtime.loads.map((_, k) => ({
      label: `shard ${k}`,
      values: [main.byShowtime.loads[k], main.byTheater.loads[k], main.directory.loads[k]],
    })),
    yLabel: 'seat changes',
  });
  const table = kit.textTable([
    [
      'hottest showtime / theater',
      `${summary.hottestShowtimeSharePercent} % / ${summary.hottestTheaterSharePercent} % of all seat changes`,
    ],
    ...summary.curve.map((c) => [
      `${c.shards} shards, max/mean`,
      `by showtime ${c.byShowtime}   by theater ${c.byTheater}   directory ${c.directory}   floor ${c.floor}`,
    ]),
  ]);
  return { summary, svg, table };
}
