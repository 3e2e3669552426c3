// Instances that start together on one new Postgres database (a cluster, a deploy of several) must not
// race on the start-up writes: the migrations, the configured admin and the demo seed each happen once.
// Three real service processes start at the same moment. Postgres only: SQLite serves one process.
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { spawnService, type ServiceProcess } from '../support/spawn';
import { listMigrations } from '../../src/db/migrate';

const onPostgres = process.env.DATABASE_URL?.startsWith('postgres') ?? false;

(onPostgres ? describe : describe.skip)('three instances starting at once (Postgres)', () => {
  let database: TestDatabase;
  const services: ServiceProcess[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    // An empty database, as a new cluster would find it: drop what createTestDatabase migrated.
    const client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    await client.end();
  });
  afterAll(async () => {
    for (const service of services) service.child.kill('SIGKILL');
    await Promise.all(services.map((service) => service.exited));
    await database?.drop();
  });

  it('when three instances start together on an empty database, then each migration, the admin and the demo seed are written once', async () => {
    const env = {
      DATABASE_URL: database.url,
      SEED_DEMO_DATA: 'true',
      ADMIN_EMAIL: 'boss@concurrent.test',
      ADMIN_PASSWORD: 'boss-password',
      BCRYPT_COST: '4',
      LOG_LEVEL: 'info',
      RATE_LIMIT_ENABLED: 'false',
    };
    const started = await Promise.allSettled([1, 2, 3].map((n) => spawnService({ ...env, INSTANCE_ID: `start-${n}` })));
    for (const result of started) if (result.status === 'fulfilled') services.push(result.value);
    expect(started.map((result) => (result.status === 'rejected' ? String(result.reason).slice(0, 300) : 'started'))).toEqual([
      'started',
      'started',
      'started',
    ]);

    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const count = async (sql: string) => Number((await client.query(sql)).rows[0].n);
      expect(await count('SELECT COUNT(*) AS n FROM "_prisma_migrations"')).toBe(listMigrations('postgres').length);
      expect(await count('SELECT COUNT(DISTINCT "migration_name") AS n FROM "_prisma_migrations"')).toBe(listMigrations('postgres').length);
      expect(await count(`SELECT COUNT(*) AS n FROM "User" WHERE "email" = 'boss@concurrent.test'`)).toBe(1);
      const movies = await count('SELECT COUNT(*) AS n FROM "Movie"');
      const distinctTitles = await count('SELECT COUNT(DISTINCT "title") AS n FROM "Movie"');
      expect(movies).toBeGreaterThan(0);
      expect(movies).toBe(distinctTitles);
      expect(await count('SELECT COUNT(*) AS n FROM "Auditorium"')).toBe(3);
      const showtimes = await count('SELECT COUNT(*) AS n FROM "Showtime"');
      const distinctSlots = await count('SELECT COUNT(*) AS n FROM (SELECT DISTINCT "auditoriumId", "startsAt" FROM "Showtime") AS slots');
      expect(showtimes).toBe(distinctSlots);
    } finally {
      await client.end();
    }
    // And each of them serves.
    for (const service of services) expect((await fetch(`${service.url}/api/movies`)).status).toBe(200);
  });
});
