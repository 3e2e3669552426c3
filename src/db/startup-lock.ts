// Instances that start together (a cluster, a deploy of several) must not apply a migration twice or seed
// the demo data twice: without a lock, three instances on an empty database crashed on each other's rows.
// On Postgres the start-up writes run under a session advisory lock, one instance at a time; the next one
// in finds the work done (migrations are recorded, the seed keeps existing rows). SQLite serves one
// process, so it needs no lock.
import { Client } from 'pg';
import { databaseKind } from '../config';

// Any constant both sides agree on; advisory locks are per database, so other databases are unaffected.
const STARTUP_LOCK_KEY = 7_261_201;

export async function withStartupLock<T>(databaseUrl: string, work: () => Promise<T>): Promise<T> {
  if (databaseKind(databaseUrl) === 'sqlite') return work();
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
    // Ending the session (below, or a crash) releases the lock, so no unlock can be forgotten.
    return await work();
  } finally {
    await client.end();
  }
}
