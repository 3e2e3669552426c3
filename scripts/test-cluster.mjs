// npm run test:cluster: the tests of a real cluster (test/cluster): nginx, several instances, Postgres,
// Redis, and faults. They need Postgres (POSTGRES_URL, default the local server) and nginx installed, so
// they are not part of `npm test`. One file at a time: each starts a cluster of its own.
import { spawnSync } from 'node:child_process';

const url = process.env.POSTGRES_URL ?? 'postgresql://root@127.0.0.1:5432/test';
if (spawnSync('/usr/sbin/nginx', ['-v']).error && spawnSync('nginx', ['-v']).error) {
  console.error('nginx is not installed. On Debian or Ubuntu: sudo apt-get update && sudo apt-get install -y nginx');
  process.exit(2);
}
// Extra arguments (a file, -t "name") narrow the run; without them every cluster test runs.
const extra = process.argv.slice(2);
const files = extra.some((arg) => arg.startsWith('test/')) ? [] : ['test/cluster'];
const result = spawnSync('npx', ['jest', '--runInBand', '--testPathIgnorePatterns', '/node_modules/', '--', ...files, ...extra], {
  stdio: 'inherit',
  env: { ...process.env, DATABASE_URL: url },
});
process.exit(result.status ?? 1);
