// The operator's view of the service: what is happening in the database right now (active holds, queues,
// today's sales) next to what this instance has counted in its Prometheus registry (cache, rate limits,
// sockets). Series another module has not registered yet count as 0.
import type { Registry } from 'prom-client';
import type { Clock } from '../../lib/clock';
import type { AdminRepository } from './admin.repository';
import type { Stats } from './admin.schemas';
import type { ReportsRepository } from './reports.repository';
import { createReportsService } from './reports.service';
import { cancelShowtime, moveShowtime, type ShowtimeChangeDeps } from './showtime-changes.use-case';

type Deps = {
  admin: AdminRepository;
  registry: Registry;
  clock: Clock;
  /** The sales reports' read-only queries, and the currency their money is in (CURRENCY). */
  reports: ReportsRepository;
  currency: string;
  /** What cancelling or moving a showtime changes: seats (ledger), the catalog, the waitlist. */
  showtimes: ShowtimeChangeDeps;
  /** Read replicas' lag and rotation (src/db/replicas.ts), when there are replicas. */
  replicaHealth?: () => NonNullable<Stats['replicas']>;
};
type Sample = { value: number; labels: Record<string, string | number | undefined> };

async function samplesOf(registry: Registry, name: string): Promise<Sample[]> {
  const metric = registry.getSingleMetric(name);
  return metric ? ((await metric.get()).values as Sample[]) : [];
}

async function totalOf(registry: Registry, name: string) {
  return (await samplesOf(registry, name)).reduce((sum, sample) => sum + sample.value, 0);
}

async function totalsByLabel(registry: Registry, name: string, label: string) {
  const totals: Record<string, number> = {};
  for (const sample of await samplesOf(registry, name)) {
    const key = String(sample.labels[label]);
    totals[key] = (totals[key] ?? 0) + sample.value;
  }
  return totals;
}

/** Midnight UTC of `now`'s day and of the next day. */
function utcDayOf(now: Date) {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  return { start, end: new Date(start.getTime() + 24 * 60 * 60 * 1000) };
}

export function createAdminService({ admin, registry, clock, replicaHealth, reports, currency, showtimes }: Deps) {
  const sales = createReportsService({ reports, clock, currency });
  return {
    /** Occupancy and revenue per showtime, day and film (GET /api/admin/reports). */
    report: sales.report,
    cancelShowtime: (actorId: string, showtimeId: string, reason: string) => cancelShowtime(showtimes, actorId, showtimeId, reason),
    moveShowtime: (actorId: string, showtimeId: string, startsAt: Date) => moveShowtime(showtimes, actorId, showtimeId, startsAt),

    async getStats(): Promise<Stats> {
      const now = clock.now();
      const today = utcDayOf(now);
      const [activeHolds, waitlistWaiting, bookingsToday] = await Promise.all([
        admin.countActiveHolds(now),
        admin.countWaitingByShowtime(),
        admin.countConfirmedBookingsBetween(today.start, today.end),
      ]);
      const [hits, misses, keys, rateLimitRejections, connectedSockets] = await Promise.all([
        totalOf(registry, 'marquee_cache_hits_total'),
        totalOf(registry, 'marquee_cache_misses_total'),
        totalOf(registry, 'marquee_cache_keys'),
        totalsByLabel(registry, 'marquee_rate_limit_rejections_total', 'limiter'),
        totalOf(registry, 'marquee_realtime_connected_sockets'),
      ]);
      const hitRatio = hits + misses === 0 ? 0 : hits / (hits + misses);
      return {
        activeHolds,
        waitlistWaiting,
        bookingsToday,
        cache: { hits, misses, hitRatio, keys },
        rateLimitRejections,
        connectedSockets,
        ...(replicaHealth ? { replicas: replicaHealth() } : {}),
      };
    },
  };
}

export type AdminService = ReturnType<typeof createAdminService>;
