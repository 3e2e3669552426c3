// Read replicas (DATABASE_REPLICA_URLS): one Prisma client and plain-SQL runner per replica, and a health
// probe that measures each one's lag behind the primary. A replica that is down, no longer in recovery (it
// was promoted) or more than REPLICA_MAX_LAG_SECONDS behind is out of rotation until a probe finds it fine
// again; meanwhile its reads go to the primary. The read-replicas Prisma extension is not used: with driver
// adapters on Prisma 6 it does not route reliably (its issues #39 and #49). docs/replication.md.
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../lib/logger';
import { createDatabase, type Db } from './client';
import type { SqlDatabase } from './sql';

export type Replica = { name: string; db: Db; sql: SqlDatabase };
export type ReplicaHealth = {
  name: string;
  inRotation: boolean;
  up: boolean;
  lagBytes: number | null;
  lagSeconds: number | null;
  replayLsn: string | null;
};

type Options = {
  primary: SqlDatabase;
  urls: string[];
  maxLagSeconds: number;
  intervalMs: number;
  poolSize: number;
  logger: Logger;
  registry: Registry;
};

/** A WAL position such as `0/3000148` as a number of bytes, so positions compare and subtract. */
export const lsnToBigInt = (lsn: string) => {
  const [high = '0', low = '0'] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
};

/** host:port/database, never the user or password. */
const nameOf = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
};

export function createReplicaSet({ primary, urls, maxLagSeconds, intervalMs, poolSize, logger, registry }: Options) {
  const members = urls.map((url) => {
    const { db, sql } = createDatabase(url, {
      poolSize,
      onIdleConnectionError: (error) => logger.warn({ err: error, replica: nameOf(url) }, 'an idle replica connection failed'),
    });
    const health: ReplicaHealth = { name: nameOf(url), inRotation: false, up: false, lagBytes: null, lagSeconds: null, replayLsn: null };
    return { replica: { name: health.name, db, sql } as Replica, health, replayed: -1n };
  });
  const gauge = (name: string, help: string, value: (health: ReplicaHealth) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['replica'] as const,
      registers: [registry],
      collect() {
        for (const { health } of members) this.set({ replica: health.name }, value(health) ?? -1);
      },
    });
  gauge('marquee_replica_lag_bytes', 'WAL bytes the replica has not replayed yet (-1: unknown, the replica is down)', (h) => h.lagBytes);
  gauge(
    'marquee_replica_lag_seconds',
    'Seconds since the newest commit the replica has not replayed (0 when caught up; -1: down)',
    (h) => h.lagSeconds,
  );
  gauge('marquee_replica_in_rotation', '1 while reads are sent to the replica', (h) => (h.inRotation ? 1 : 0));

  function setRotation(member: (typeof members)[number], inRotation: boolean, why: string) {
    if (member.health.inRotation === inRotation) return;
    member.health.inRotation = inRotation;
    if (inRotation) logger.info({ replica: member.health.name }, 'replica in rotation again');
    else logger.warn({ replica: member.health.name, why }, 'replica out of rotation; its reads go to the primary');
  }

  async function probe(member: (typeof members)[number]) {
    try {
      const [[head], [state]] = await Promise.all([
        primary.all<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS "lsn"'),
        member.replica.sql.all<{ replay: string | null; recovery: boolean; since: number | string | null }>(
          'SELECT pg_last_wal_replay_lsn()::text AS "replay", pg_is_in_recovery() AS "recovery", ' +
            'EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8 AS "since"',
        ),
      ]);
      if (!head || !state?.recovery || !state.replay) throw new Error('not a replica (promoted, or not streaming)');
      const replayed = lsnToBigInt(state.replay);
      const behind = lsnToBigInt(head.lsn) - replayed;
      member.replayed = replayed > member.replayed ? replayed : member.replayed;
      // Caught up: no lag, however long ago the last commit was. Behind: the age of the newest commit it
      // has replayed, which is how far back in time its answers are.
      const lagSeconds = behind <= 0n ? 0 : Math.max(0, Number(state.since ?? 0));
      Object.assign(member.health, { up: true, lagBytes: behind > 0n ? Number(behind) : 0, lagSeconds, replayLsn: state.replay });
      setRotation(member, lagSeconds <= maxLagSeconds, `${lagSeconds.toFixed(1)} s behind (bound ${maxLagSeconds} s)`);
    } catch (error) {
      Object.assign(member.health, { up: false, lagBytes: null, lagSeconds: null });
      setRotation(member, false, (error as Error).message);
    }
  }

  let timer: NodeJS.Timeout | undefined;
  let probing: Promise<unknown> = Promise.resolve();
  const probeAll = () => (probing = Promise.all(members.map(probe)));
  let next = 0;

  return {
    /** Starts the probe; the first one runs at once, so a healthy replica is used within one round trip. */
    start() {
      void probeAll();
      timer = setInterval(() => void probeAll(), intervalMs);
      timer.unref();
      return probing;
    },

    /**
     * A replica in rotation (round robin), or undefined: then the caller reads from the primary. With
     * `minLsn`, only a replica that has replayed at least that far: the probe's figure first, else one
     * fresh question to the replica (replay only moves forward, so a yes stays true).
     */
    async pick(minLsn?: bigint): Promise<Replica | undefined> {
      const inRotation = members.filter((member) => member.health.inRotation);
      for (let i = 0; i < inRotation.length; i++) {
        const member = inRotation[(next++ + i) % inRotation.length] as (typeof members)[number];
        if (minLsn === undefined || member.replayed >= minLsn) return member.replica;
        const [row] = await member.replica.sql
          .all<{ replay: string | null }>('SELECT pg_last_wal_replay_lsn()::text AS "replay"')
          .catch(() => []);
        if (row?.replay && lsnToBigInt(row.replay) > member.replayed) member.replayed = lsnToBigInt(row.replay);
        if (member.replayed >= minLsn) return member.replica;
      }
      return undefined;
    },

    /** The primary's current WAL position: everything committed so far lies before it. */
    async primaryLsn(): Promise<bigint> {
      const [row] = await primary.all<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS "lsn"');
      return lsnToBigInt(row?.lsn ?? '0/0');
    },

    /** A read on this replica failed (it went away between probes): out of rotation until the next probe. */
    failed(replica: Replica, error: unknown) {
      const member = members.find((one) => one.replica === replica);
      if (member) setRotation(member, false, (error as Error).message);
    },

    health: (): ReplicaHealth[] => members.map((member) => ({ ...member.health })),

    async close() {
      clearInterval(timer);
      await probing.catch(() => undefined);
      await Promise.all(
        members.map(async ({ replica }) => {
          await replica.db.$disconnect();
          await replica.sql.close();
        }),
      );
    },
  };
}

export type ReplicaSet = ReturnType<typeof createReplicaSet>;
