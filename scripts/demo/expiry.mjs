// Expiry: a sold-out showtime whose holds all lapse (HOLD_TTL_SECONDS set small), a waitlist served as
// each hold expires, and anonymous viewers watching. Three kinds of load process (expiry-people.mjs);
// every time comes from the sockets' own events: how late after expiresAt the holder heard hold:expired,
// how soon the next in line got waitlist:offer, when viewers saw the seat change.
import { join } from 'node:path';
import { lineChart } from './chart.mjs';
import * as kit from './kit.mjs';

export async function run({ short, flags }) {
  const o = kit.sizes(
    flags,
    short,
    { seats: 20, viewers: 60, ttl: 8, offerTtl: 4, ignoreEvery: 4 },
    { seats: 6, viewers: 4, ttl: 3, offerTtl: 2, ignoreEvery: 4 },
  );
  // Enough people in line that the buyers among them (all but every ignoreEvery-th) can take every seat.
  o.waitlisters = Number(flags.waitlisters ?? Math.ceil((o.seats * o.ignoreEvery) / (o.ignoreEvery - 1)) + 1);
  const holders = o.seats / 2;
  const staggerMs = Math.floor((o.ttl * 1000) / 2 / holders);
  const joinAfterMs = holders * staggerMs + 300;
  kit.log(
    `  ${o.seats} seats held by ${holders} holders (2 each, ${staggerMs} ms apart, HOLD_TTL_SECONDS=${o.ttl}), ${o.waitlisters} on the waitlist (every ${o.ignoreEvery}th ignores its offer, WAITLIST_OFFER_TTL_SECONDS=${o.offerTtl}), ${o.viewers} viewers`,
  );
  const env = {
    TRUST_PROXY: '1',
    HOLD_TTL_SECONDS: String(o.ttl),
    HOLD_EXPIRING_WARNING_SECONDS: String(Math.max(1, Math.floor(o.ttl / 3))),
    WAITLIST_OFFER_TTL_SECONDS: String(o.offerTtl),
    HOLD_SWEEP_INTERVAL_MS: '1000',
  };
  const database = await kit.createDatabase('sqlite', 'expiry');
  const service = await kit.startService(database, env);
  try {
    const { showtimeIds } = await kit.createShowtimes(service.url, { count: 1, rows: 1, perRow: o.seats, name: 'Expiry' });
    const showtimeId = showtimeIds[0];
    const holderPeople = (await kit.registerPeople(service.url, holders, 'holder')).map((p, i) => ({
      ...p,
      seats: [`A${2 * i + 1}`, `A${2 * i + 2}`],
    }));
    const waitPeople = (await kit.registerPeople(service.url, o.waitlisters, 'waiting', 1000)).map((p, i) => ({
      ...p,
      ignores: (i + 1) % o.ignoreEvery === 0,
    }));
    const viewers = Array.from({ length: o.viewers }, (_, i) => ({ index: 5000 + i, ip: kit.addressOf(5000 + i) }));
    const deadline = Date.now() + (short ? 25_000 : 90_000);
    const roles = [
      { role: 'holders', people: holderPeople },
      { role: 'waitlisters', people: waitPeople },
      { role: 'viewers', people: viewers },
    ];
    const load = await kit.startWorkers(
      join(import.meta.dirname, 'expiry-people.mjs'),
      roles.length,
      (w) => ({ url: service.url, showtimeId, staggerMs, joinAfterMs, deadline, ...roles[w] }),
      { startInMs: 1000, timeoutMs: short ? 40_000 : 110_000 },
    );
    const stop = kit.ticker(() => {
      const [h, wl, v] = load.progress;
      return `  ${((Date.now() - load.startAt) / 1000).toFixed(0).padStart(3)} s  held ${h.held ?? 0}/${holders}  expired ${h.expired ?? 0}  waitlist joined ${wl.joined ?? 0}  offers ${wl.offers ?? 0}  bought ${wl.bought ?? 0}  ignored ${wl.ignored ?? 0}  viewer events ${v.seatEvents ?? 0}`;
    }, 2000);
    const [holdEvents, waitEvents, viewEvents] = await load.done;
    stop();
    const t0 = load.startAt;
    const holds = holdEvents.filter((e) => e.type === 'hold' && e.status === 201);
    const expired = holdEvents.filter((e) => e.type === 'hold:expired');
    const lateness = expired.map((e) => e.at - holds.find((h) => h.holdId === e.holdId).expiresAt);
    const offers = waitEvents.filter((e) => e.type === 'waitlist:offer');
    const purchases = waitEvents.filter((e) => e.type === 'purchase');
    // The offer made when a seat's first hold lapsed: first offer containing the seat after that moment.
    const offerDelay = holds
      .map((h) => offers.find((o2) => o2.seats.some((s) => h.seats.includes(s)) && o2.at >= h.expiresAt - 50))
      .map((offer, i) => (offer ? offer.at - holds[i].expiresAt : null))
      .filter((v) => v !== null);
    // When did the viewers hear a change of those seats after the hold lapsed?
    const viewerDelay = [];
    for (const h of holds) {
      for (const viewer of new Set(viewEvents.map((e) => e.person))) {
        const seen = viewEvents.find(
          (e) => e.person === viewer && e.at >= h.expiresAt - 50 && e.changes.some((c) => h.seats.includes(c.label)),
        );
        if (seen) viewerDelay.push(seen.at - h.expiresAt);
      }
    }
    const joins = waitEvents.filter((e) => e.type === 'waitlist:join');
    const stats = (values) => ({
      p50: kit.round(kit.percentile(values, 50)),
      p99: kit.round(kit.percentile(values, 99)),
      max: values.length ? kit.round(Math.max(...values)) : null,
      n: values.length,
    });
    const map = await kit.call(service.url, 'GET', `/api/showtimes/${showtimeId}/seats`);
    const summary = {
      options: { ...o, holders, staggerMs, env },
      holds: holds.length,
      holdsExpired: expired.length,
      expiringWarnings: holdEvents.filter((e) => e.type === 'hold:expiring').length,
      waitlistJoined: joins.filter((j) => j.status === 201).length,
      joinRefusals: joins.filter((j) => j.status !== 201).map((j) => j.code),
      offers: offers.length,
      offersIgnored: waitEvents.filter((e) => e.type === 'waitlist:offer' && waitPeople.find((p) => p.index === e.person)?.ignores).length,
      offersExpired: waitEvents.filter((e) => e.type === 'waitlist:expired').length,
      purchases: purchases.filter((p) => p.status === 201).length,
      seatsSold: map.body.seats.filter((s) => s.status === 'sold').length,
      seatsTotal: o.seats,
      viewerEvents: viewEvents.length,
      expiredHeardLateMs: stats(lateness),
      offerAfterExpiryMs: stats(offerDelay),
      viewersSawChangeMs: stats(viewerDelay),
      runSeconds: kit.round((Math.max(...[...holdEvents, ...waitEvents].map((e) => e.at)) - t0) / 1000),
    };
    const cumulative = (events) => events.sort((a, b) => a.at - b.at).map((e, i) => [(e.at - t0) / 1000, i + 1]);
    const svg = lineChart({
      title: `Expiry: ${o.seats} seats, holds of ${o.ttl} s lapse, ${summary.waitlistJoined} waiting — ${summary.seatsSold} sold from the waitlist`,
      subtitle: `hold:expired heard p50 ${summary.expiredHeardLateMs.p50} ms after expiresAt; offer p50 ${summary.offerAfterExpiryMs.p50} ms after; viewers saw it p50 ${summary.viewersSawChangeMs.p50} ms after`,
      lines: [
        { name: 'seats held', points: cumulative(holds.flatMap((h) => h.seats.map(() => ({ at: h.at })))) },
        { name: 'hold:expired', points: cumulative([...expired]) },
        { name: 'waitlist:offer', points: cumulative([...offers]) },
        { name: 'bought from an offer', points: cumulative(purchases.filter((p) => p.status === 201)) },
        { name: 'offer expired (ignored)', points: cumulative(waitEvents.filter((e) => e.type === 'waitlist:expired')) },
      ],
      xLabel: 'seconds since start',
      yLabel: 'events so far',
    });
    const table = kit.textTable([
      ['holds placed / expired', `${summary.holds} / ${summary.holdsExpired} (${summary.expiringWarnings} hold:expiring warnings)`],
      [
        'hold:expired heard after expiresAt',
        `p50 ${summary.expiredHeardLateMs.p50} ms, p99 ${summary.expiredHeardLateMs.p99} ms, max ${summary.expiredHeardLateMs.max} ms`,
      ],
      ['waitlist joined', `${summary.waitlistJoined} (refused: ${summary.joinRefusals.join(', ') || 'none'})`],
      ['offers made / ignored / expired', `${summary.offers} / ${summary.offersIgnored} / ${summary.offersExpired}`],
      ['offer after the hold lapsed', `p50 ${summary.offerAfterExpiryMs.p50} ms, p99 ${summary.offerAfterExpiryMs.p99} ms`],
      [
        'viewers saw the change after it lapsed',
        `p50 ${summary.viewersSawChangeMs.p50} ms, p99 ${summary.viewersSawChangeMs.p99} ms (${summary.viewersSawChangeMs.n} sightings, ${summary.viewerEvents} events)`,
      ],
      ['bought from the waitlist', `${summary.purchases}; seats sold ${summary.seatsSold}/${summary.seatsTotal}`],
      ['run length', `${summary.runSeconds} s`],
    ]);
    return { summary, svg, table };
  } finally {
    await service.stop();
    await database.drop();
  }
}
