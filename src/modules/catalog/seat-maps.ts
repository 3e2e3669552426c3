// Seat maps as cached and served: loaded from the primary or a read replica, and checked against a seat
// version before a cached one is served. The rule (docs/replication.md):
// - Anonymous readers (and the live snapshot) read a replica when one is in rotation: the version check
//   and the load both ask that replica, so a map is cached with the version it really has, and an answer
//   is at most the replica's lag old. A map older than a change this process made itself is never used:
//   every seat change announces its new version here before the writer gets its answer (knownVersions).
// - A signed-in reader may just have changed something, maybe through another instance: the version check
//   asks the primary (one primary-key read), and the replica's map is used only if it is at least that
//   new, else the map is read from the primary. So a user's own hold shows in the next read, always.
import { LRUCache } from 'lru-cache';
import { notFound } from '../../lib/errors';
import type { Cache } from '../../lib/cache';
import type { EventBus, SeatStatus } from '../../lib/events';
import type { CatalogReads, ReadSource } from './catalog-reads';
import type { SeatMap, SeatView } from './catalog.schemas';

/**
 * The caller-independent part of a seat map, as cached: `holders` maps held labels to their user; `json`
 * is the anonymous answer already serialized to UTF-8 (stringifying 300 seats was a third of a cached
 * read's CPU, and encoding the 40 KB string again on every send was the next cost). `readFrom` names the
 * database it was read from.
 */
export type SharedSeatMap = {
  version: number;
  seats: SeatMap['seats'];
  holders: Map<string, string>;
  /** Taken seats: until when (a hold's deadline, in ms; Infinity for a sold seat). */
  takenUntil: Map<string, number>;
  json: Buffer;
  readFrom: string;
};

type Deps = { reads: CatalogReads; events: EventBus; cache: Cache; verifySeatMapVersion: boolean };

export function createSeatMaps({ reads, events, cache, verifySeatMapVersion }: Deps) {
  const { primary } = reads;
  const knownVersions = new LRUCache<string, number>({ max: 10_000 });
  // Listeners run synchronously after the commit and before the HTTP answer, so once a write is
  // acknowledged no later read is served the entry it made stale.
  events.on('seats.changed', ({ showtimeId, version }) => {
    cache.del('seat-maps', showtimeId);
    if (version > (knownVersions.get(showtimeId) ?? -1)) knownVersions.set(showtimeId, version);
  });

  // An auditorium's seats never change after it is created, so each process keeps them once read. From
  // the primary: a room created a moment ago may not be on a replica yet, and this is kept for good.
  const seatsByAuditorium = new Map<string, SeatView[]>();
  async function seatsOf(auditoriumId: string) {
    let seats = seatsByAuditorium.get(auditoriumId);
    if (!seats) {
      seats = await primary.catalog.listSeats(auditoriumId);
      seatsByAuditorium.set(auditoriumId, seats);
    }
    return seats;
  }

  async function load(showtimeId: string, source: ReadSource): Promise<SharedSeatMap> {
    const row = await source.catalog.findShowtime(showtimeId);
    const state = row && (await source.seatState.load(showtimeId));
    if (!row || !state) throw notFound('Showtime');
    const claims = new Map(state.claims.map((claim) => [claim.seatLabel, claim]));
    const holders = new Map<string, string>();
    const takenUntil = new Map<string, number>();
    // Object.assign rather than `{ ...seat, status }`: in Node 20's V8 a spread followed by a new key gives
    // every object its own hidden class, ~500 bytes more per seat of every cached map (heap snapshots:
    // 100 cached 1,000-seat maps took 82 MB, 33 MB this way).
    const withStatus = (seat: SeatView, status: SeatStatus) => Object.assign({}, seat, { status });
    const seats = (await seatsOf(row.auditoriumId)).map((seat) => {
      const claim = claims.get(seat.label);
      if (!claim) return withStatus(seat, 'available');
      takenUntil.set(seat.label, claim.bookingId ? Infinity : (claim.heldUntil ?? 0));
      if (claim.bookingId) return withStatus(seat, 'sold');
      holders.set(seat.label, claim.userId);
      return withStatus(seat, 'held');
    });
    const json = Buffer.from(JSON.stringify({ showtimeId, version: state.version, seats }));
    return { version: state.version, seats, holders, takenUntil, json, readFrom: source.name };
  }

  /** From the replica, unless what it has is older than `atLeast`: then from the primary. */
  async function loadAtLeast(showtimeId: string, replica: ReadSource, atLeast: number) {
    const map = await reads.read(replica, (source) => load(showtimeId, source));
    return map.version >= atLeast ? map : load(showtimeId, primary);
  }

  return {
    seatsOf,

    /**
     * The 409 from memory: which of these seats the cached map knows are taken now (sold, or held by a
     * hold within its deadline), without a transaction and, on one instance, without the database. Only a
     * map read from the primary and provably current is trusted: this process drops a map synchronously
     * on its own writes, and with several instances (CACHE_VERIFY_VERSION) the map must still carry the
     * primary's seat version (one primary-key read). Undefined when nothing is cached or it may be stale:
     * the hold then asks the database, as it does for every seat that looks free.
     */
    async knownTaken(showtimeId: string, labels: string[], nowMs: number): Promise<string[] | undefined> {
      const map = cache.get<SharedSeatMap>('seat-maps', showtimeId);
      if (!map || map.readFrom !== primary.name) return undefined;
      if (verifySeatMapVersion && (await primary.seatState.currentVersion(showtimeId)) !== map.version) return undefined;
      return labels.filter((label) => (map.takenUntil.get(label) ?? 0) > nowMs);
    },

    async shared(showtimeId: string, signedIn: boolean): Promise<SharedSeatMap> {
      const replica = await reads.replica();
      if (!replica) {
        // This process drops a seat map synchronously on its own writes (above); another instance's write
        // reaches it through Redis a few milliseconds after that instance answered. Every seat change
        // bumps the showtime's seat version before it commits, so with the check on, a cached map whose
        // version is still the database's is current and any other is reloaded.
        return verifySeatMapVersion
          ? cache.getOrLoadVersioned(
              'seat-maps',
              showtimeId,
              () => primary.seatState.currentVersion(showtimeId),
              () => load(showtimeId, primary),
            )
          : cache.getOrLoad('seat-maps', showtimeId, () => load(showtimeId, primary));
      }
      const floor = () => knownVersions.get(showtimeId) ?? 0;
      if (!verifySeatMapVersion) return cache.getOrLoad('seat-maps', showtimeId, () => loadAtLeast(showtimeId, replica, floor()));
      if (signedIn) {
        if (!cache.enabled)
          return loadAtLeast(showtimeId, replica, Math.max((await primary.seatState.currentVersion(showtimeId)) ?? 0, floor()));
        let current = 0;
        return cache.getOrLoadVersioned(
          'seat-maps',
          showtimeId,
          async () => {
            const version = await primary.seatState.currentVersion(showtimeId);
            current = version ?? 0;
            return version;
          },
          () => loadAtLeast(showtimeId, replica, Math.max(current, floor())),
        );
      }
      // The replica vouches for its own version; a newer map this process wrote itself is also good.
      const vouched = async () => {
        const version = await reads.read(replica, (source) => source.seatState.currentVersion(showtimeId));
        return version === undefined ? undefined : Math.max(version, floor());
      };
      return cache.getOrLoadVersioned('seat-maps', showtimeId, vouched, () => loadAtLeast(showtimeId, replica, floor()));
    },
  };
}
