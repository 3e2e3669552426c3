// A Postgres server of the test's own, for tests that restart or kill the database: the machine's shared
// server on 5432 is never stopped. Trust authentication on loopback and a `root` role, like the shared
// server; removed by drop(). The clusters themselves are made by scripts/replica/postgres-pair.ts, which
// also makes the primary and replica pairs of the replication tests.
import { createOwnServer, type PostgresServer } from '../../scripts/replica/postgres-pair';

export type OwnPostgres = PostgresServer;

export const createOwnPostgres = (): Promise<OwnPostgres> => createOwnServer('test');
