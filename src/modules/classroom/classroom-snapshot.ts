// Builds one instance's classroom snapshot (classroom.schemas.ts) from what the process already has: its
// Prometheus registry (HTTP requests answered, sockets open), the till's state, Redis and replica health,
// and two COUNT queries. Requests per second is the counter's growth since the previous build, over real
// elapsed time (a rate, like a latency, is measured, not read from the injected clock).
import { performance } from 'node:perf_hooks';
import type { Registry } from 'prom-client';
import type { Clock } from '../../lib/clock';
import type { ClassroomRepository } from './classroom.repository';
import type { ClassroomSnapshot } from './classroom.schemas';

export type SnapshotDeps = {
  instance: { id: string; bootId: string };
  clock: Clock;
  registry: Registry;
  repository: ClassroomRepository;
  registers: number;
  checkoutState: () => { busy: number; waiting: number; breaker: 'closed' | 'half-open' | 'open' };
  checkDatabase: () => Promise<void>;
  redisState: () => 'off' | 'ok' | 'degraded';
  replicaHealth?: () => Array<{ name: string; up: boolean; inRotation: boolean; lagSeconds: number | null }>;
};

// A rate over less than this would jump about (a build for GET /api/admin/classroom right after the
// publisher's); such a build reports the rate measured last.
const MIN_RATE_WINDOW_MS = 500;

async function totalOf(registry: Registry, name: string) {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  return (await metric.get()).values.reduce((sum, sample) => sum + sample.value, 0);
}

export function createSnapshotBuilder(deps: SnapshotDeps) {
  const startedAt = performance.now();
  let previous: { atMs: number; requests: number } | undefined;
  let lastRate = 0;

  async function requestsPerSecond() {
    const atMs = performance.now();
    const requests = await totalOf(deps.registry, 'marquee_http_requests_total');
    if (!previous) previous = { atMs: startedAt, requests: 0 };
    const elapsedMs = atMs - previous.atMs;
    if (elapsedMs >= MIN_RATE_WINDOW_MS) {
      lastRate = Math.round(((requests - previous.requests) * 10_000) / elapsedMs) / 10;
      previous = { atMs, requests };
    }
    return lastRate;
  }

  /** The database figures, or nulls when it does not answer (the box then shows the database down). */
  async function databaseFigures(now: Date) {
    try {
      await deps.checkDatabase();
      const [activeHolds, waitingRoom] = await Promise.all([deps.repository.countActiveHolds(now), deps.repository.waitingRoomTotals(now)]);
      return { up: true, activeHolds, waitingRoom };
    } catch {
      return { up: false, activeHolds: null, waitingRoom: null };
    }
  }

  return {
    async build(): Promise<ClassroomSnapshot> {
      const now = deps.clock.now();
      const [rate, sockets, database] = await Promise.all([
        requestsPerSecond(),
        totalOf(deps.registry, 'marquee_realtime_connected_sockets'),
        databaseFigures(now),
      ]);
      const till = deps.checkoutState();
      const redis = deps.redisState();
      return {
        instance: deps.instance.id,
        bootId: deps.instance.bootId,
        at: now.toISOString(),
        uptimeSeconds: Math.round((performance.now() - startedAt) / 1000),
        requestsPerSecond: rate,
        sockets,
        activeHolds: database.activeHolds,
        waitingRoom: database.waitingRoom,
        checkout: { registers: deps.registers, busy: till.busy, line: till.waiting, breaker: till.breaker },
        database: { up: database.up },
        redis: redis === 'off' ? 'off' : redis === 'ok' ? 'up' : 'down',
        replicas: (deps.replicaHealth?.() ?? []).map((replica) => ({
          name: replica.name,
          up: replica.up,
          inRotation: replica.inRotation,
          lagMs: replica.lagSeconds === null ? null : Math.round(replica.lagSeconds * 1000),
        })),
      };
    },
  };
}

export type SnapshotBuilder = ReturnType<typeof createSnapshotBuilder>;
