// An in-process read cache (node-cache) split into named regions ('seat-maps', 'catalog'), counting hits
// and misses per region in Prometheus. Values are stored by reference (useClones: false), so whoever
// stores a value must never mutate it afterwards, and readers must treat what they get as read-only.
import NodeCache from 'node-cache';
import { Counter, Gauge, type Registry } from 'prom-client';

export type CacheRegion = 'seat-maps' | 'catalog';

export type CacheOptions = { enabled: boolean; ttlSeconds: number; registry: Registry };

export function createCache({ enabled, ttlSeconds, registry }: CacheOptions) {
  const store = new NodeCache({ stdTTL: ttlSeconds, checkperiod: Math.max(1, Math.ceil(ttlSeconds / 2)), useClones: false });
  const hits = new Counter({
    name: 'marquee_cache_hits_total',
    help: 'Cache reads answered from the cache',
    labelNames: ['cache'] as const,
    registers: [registry],
  });
  const misses = new Counter({
    name: 'marquee_cache_misses_total',
    help: 'Cache reads that went to the database',
    labelNames: ['cache'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'marquee_cache_keys',
    help: 'Entries currently in the cache',
    registers: [registry],
    collect() {
      this.set(store.keys().length);
    },
  });

  // A read that started before an invalidation must not store what it read: it may predate the write.
  // Every invalidation bumps a generation; a load stores its result only if the generation it saw at
  // the start is still current at the end.
  const generations = new Map<string, number>();
  const regionGenerations = new Map<CacheRegion, number>();
  const fullKey = (region: CacheRegion, key: string) => `${region}:${key}`;
  const generationOf = (region: CacheRegion, key: string) =>
    `${regionGenerations.get(region) ?? 0}.${generations.get(fullKey(region, key)) ?? 0}`;

  const cache = {
    enabled,

    get<T>(region: CacheRegion, key: string): T | undefined {
      if (!enabled) return undefined;
      const value = store.get<T>(fullKey(region, key));
      (value === undefined ? misses : hits).inc({ cache: region });
      return value;
    },

    set<T>(region: CacheRegion, key: string, value: T): void {
      if (enabled) store.set(fullKey(region, key), value);
    },

    /** Drops one entry, or the whole region when no key is given. */
    del(region: CacheRegion, key?: string): void {
      if (!enabled) return;
      if (key === undefined) {
        regionGenerations.set(region, (regionGenerations.get(region) ?? 0) + 1);
        store.del(cache.keys(region).map((k) => fullKey(region, k)));
        return;
      }
      const full = fullKey(region, key);
      generations.set(full, (generations.get(full) ?? 0) + 1);
      store.del(full);
    },

    /** Keys present in a region (without the region prefix), or every key when no region is given. */
    keys(region?: CacheRegion): string[] {
      const all = store.keys();
      if (!region) return all;
      const prefix = `${region}:`;
      return all.filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
    },

    /** The cached value, or `load()`'s result, stored unless an invalidation happened meanwhile. */
    async getOrLoad<T>(region: CacheRegion, key: string, load: () => Promise<T>): Promise<T> {
      if (!enabled) return load();
      const cached = cache.get<T>(region, key);
      if (cached !== undefined) return cached;
      const before = generationOf(region, key);
      const value = await load();
      if (generationOf(region, key) === before) cache.set(region, key, value);
      return value;
    },

    /**
     * For values that carry a version (seat maps), when other processes may change the data without
     * telling this one in time: a cached value is served only while `currentVersion()` still answers its
     * version. Otherwise `load()` runs, and its result is stored unless an invalidation happened meanwhile
     * or the cache by then holds a version at least as new (two reloads at once must not put the older
     * answer back).
     */
    async getOrLoadVersioned<T extends { version: number }>(
      region: CacheRegion,
      key: string,
      currentVersion: () => Promise<number | undefined>,
      load: () => Promise<T>,
    ): Promise<T> {
      if (!enabled) return load();
      const full = fullKey(region, key);
      const cached = store.get<T>(full);
      if (cached !== undefined && (await currentVersion()) === cached.version) {
        hits.inc({ cache: region });
        return cached;
      }
      misses.inc({ cache: region });
      const before = generationOf(region, key);
      const value = await load();
      const held = store.get<T>(full);
      if (generationOf(region, key) === before && (held === undefined || held.version < value.version)) cache.set(region, key, value);
      return value;
    },

    close(): void {
      store.close();
    },
  };
  return cache;
}

export type Cache = ReturnType<typeof createCache>;
