// Where a catalog read goes: the primary, or a read replica in rotation (src/db/replicas.ts). Writes, and
// whatever a write reads, always use the primary; this file only routes reads that decide nothing.
// Read-your-writes for catalog writes (rare, admin only): after each one this process remembers the
// primary's WAL position, and catalog reads go to a replica only once it has replayed that far.
import { AppError } from '../../lib/errors';
import type { Replica, ReplicaSet } from '../../db/replicas';
import { createCatalogRepository, createSeatStateRepository, type CatalogRepository, type SeatStateRepository } from './catalog.repository';

export type ReadSource = { name: string; catalog: CatalogRepository; seatState: SeatStateRepository };

export function createCatalogReads(primary: ReadSource, replicas: ReplicaSet | undefined) {
  const sources = new Map<Replica, ReadSource>();
  const sourceOf = (replica: Replica) => {
    let source = sources.get(replica);
    if (!source) {
      source = {
        name: replica.name,
        catalog: createCatalogRepository(replica.db),
        seatState: createSeatStateRepository(replica.db, replica.sql),
      };
      sources.set(replica, source);
    }
    return source;
  };
  let catalogWrittenAt: bigint | undefined;

  return {
    primary,

    /** A replica to read from (one that has replayed `minLsn`, when given), or undefined: the primary. */
    async replica(minLsn?: bigint): Promise<ReadSource | undefined> {
      const replica = await replicas?.pick(minLsn);
      return replica && sourceOf(replica);
    },

    /** Call after a catalog write commits and before it is announced. */
    async afterCatalogWrite() {
      if (!replicas) return;
      const lsn = await replicas.primaryLsn();
      if (catalogWrittenAt === undefined || lsn > catalogWrittenAt) catalogWrittenAt = lsn;
    },

    /**
     * Runs `work` on `source`. A replica that fails answers nothing: the read runs again on the primary,
     * and a replica that is unreachable leaves the rotation. A "not found" is asked of the primary too: a
     * showtime created a moment ago may not have reached the replica yet.
     */
    async read<T>(source: ReadSource | undefined, work: (source: ReadSource) => Promise<T>): Promise<T> {
      if (!source || source === primary) return work(primary);
      try {
        return await work(source);
      } catch (error) {
        if (!(error instanceof AppError)) {
          const replica = [...sources].find(([, known]) => known === source)?.[0];
          if (replica) replicas?.failed(replica, error);
        }
        return work(primary);
      }
    },

    /** A catalog read: on a replica that has this process's latest catalog write, else on the primary. */
    async readCatalog<T>(work: (source: ReadSource) => Promise<T>): Promise<T> {
      return this.read(replicas ? await this.replica(catalogWrittenAt) : undefined, work);
    },
  };
}

export type CatalogReads = ReturnType<typeof createCatalogReads>;
