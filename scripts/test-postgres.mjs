// npm run test:postgres: runs the whole suite against Postgres. Each test file creates (and drops) its
// own database on the server named by DATABASE_URL (default: the local server's `test` database).
import { spawnSync } from 'node:child_process';

const url = process.env.POSTGRES_URL ?? 'postgresql://root@127.0.0.1:5432/test';
console.log(`Running the suite on Postgres (${url.replace(/\/\/[^@]*@/, '//')})`);
const result = spawnSync('npx', ['jest', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, DATABASE_URL: url },
});
process.exit(result.status ?? 1);
