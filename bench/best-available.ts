// The cost of one best-available pick on the 252-seat demo room ("Screen 1 · Grand"), in-process:
// `npm run bench:allocator`. Prints µs per pick (median, p99) for an empty room, half full, 90% full
// (where the pick splits over two rows or finds nothing) and an accessible pair. No database: the pick
// is pure; a hold by count adds one read of the showtime's claims inside its transaction.
import { buildSeats } from '../src/modules/catalog/seat-layout';
import { demoAuditoriums } from '../src/demo-data';
import { pickBestSeats } from '../src/modules/seats/best-available';
import { prepareRoom, type BestRequest } from '../src/modules/seats/room';

const layout = buildSeats(demoAuditoriums[0] as (typeof demoAuditoriums)[number]);
const labels = layout.map((seat) => seat.label);
let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const freeWith = (takenShare: number) => new Set(labels.filter(() => random() >= takenShare));

const started = process.hrtime.bigint();
const room = prepareRoom(layout);
const prepareMicros = Number(process.hrtime.bigint() - started) / 1000;

const scenarios: Array<{ name: string; takenShare: number; request: BestRequest }> = [
  { name: 'empty room, 4 seats', takenShare: 0, request: { count: 4 } },
  { name: 'half full, 4 seats', takenShare: 0.5, request: { count: 4 } },
  { name: '90% full, 4 seats', takenShare: 0.9, request: { count: 4 } },
  { name: 'half full, 8 seats', takenShare: 0.5, request: { count: 8 } },
  { name: 'empty room, 2 with an accessible seat', takenShare: 0, request: { count: 2, accessible: true } },
];

const ROUNDS = 20;
const PICKS = 1_000;
console.log(`prepareRoom (once per room and best spot, cached): ${prepareMicros.toFixed(0)} µs`);
console.log('| scenario | found | µs per pick, median | p99 |');
console.log('|---|---|---:|---:|');
for (const { name, takenShare, request } of scenarios) {
  const frees = Array.from({ length: ROUNDS }, () => freeWith(takenShare));
  for (let i = 0; i < 2_000; i++) pickBestSeats(room, frees[i % ROUNDS] as Set<string>, request); // warm up
  const samples: number[] = [];
  let found = 0;
  for (let i = 0; i < ROUNDS * PICKS; i++) {
    const free = frees[i % ROUNDS] as Set<string>;
    const start = process.hrtime.bigint();
    const pick = pickBestSeats(room, free, request);
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
    found += Number(pick.found);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => (samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] as number).toFixed(1);
  console.log(`| ${name} | ${Math.round((100 * found) / samples.length)}% | ${at(0.5)} | ${at(0.99)} |`);
}
