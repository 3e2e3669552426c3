// A Postgres restart (or an administrator) can end the service's idle connections at any time. pg-pool
// reports that as an 'error' event on the pool, which ends the process if nobody listens: the service
// must shrug it off and reconnect. Postgres only: SQLite has no server to lose.
import { Client } from 'pg';
import { useDatabaseClients } from '../support/database';

const onPostgres = process.env.DATABASE_URL?.startsWith('postgres') ?? false;
const clients = useDatabaseClients();

(onPostgres ? it : it.skip)('when the server ends the idle connections of the pool, then the next queries simply reconnect', async () => {
  await Promise.all([1, 2, 3].map(() => clients.sql.all('SELECT 1 AS "one"')));
  const [database] = await clients.sql.all<{ name: string }>('SELECT current_database() AS "name"');
  const admin = new Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  const { rowCount } = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database?.name]);
  await admin.end();
  expect(rowCount).toBeGreaterThan(0);
  // Let the terminated connections' errors arrive (an unheard one would fail this test as unhandled).
  await new Promise((resolve) => setTimeout(resolve, 200));
  await expect(clients.sql.all('SELECT 1 AS "one"')).resolves.toEqual([{ one: 1 }]);
  await expect(clients.db.user.count()).resolves.toBe(0);
});
