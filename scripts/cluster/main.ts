// npm run cluster -- --instances N --port P --database-url URL --redis-url URL [--folder DIR] [--replica]
// Starts nginx in front of N Marquee instances on Postgres and Redis, on loopback, and prints
// `cluster ready: http://127.0.0.1:P` once every instance answers through nginx. Ctrl-C (or SIGTERM)
// stops everything it started. docs/scaling-out.md explains the design.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { checkNginxInstalled } from './balancer';
import { startCluster } from './cluster';
import { projectRoot } from './instances';

const usage = `usage: npm run cluster -- [--instances 3] [--port 8080] [--database-url URL] [--redis-url URL] [--folder .cluster]
  --instances     how many Marquee instances (1-16, default 3)
  --port          the balancer's port on 127.0.0.1 (default 8080; 0 picks a free one)
  --database-url  Postgres database of the cluster, created if missing (default postgresql://root@127.0.0.1:5432/marquee_cluster)
  --redis-url     Redis shared by the instances (default redis://127.0.0.1:6379)
  --folder        where state.json and nginx's files go (default .cluster)
  --replica       a Postgres primary and a streaming replica of the cluster's own (own ports and data folders,
                  removed at stop) instead of --database-url; instances read anonymous seat maps from the replica
Every Marquee setting in the environment (JWT_SECRET, HOLD_TTL_SECONDS, SEED_DEMO_DATA, ...) applies to all instances.`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function main() {
  const { values } = parseArgs({
    options: {
      instances: { type: 'string', default: '3' },
      port: { type: 'string', default: '8080' },
      'database-url': { type: 'string', default: 'postgresql://root@127.0.0.1:5432/marquee_cluster' },
      'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379' },
      folder: { type: 'string', default: resolve(projectRoot, '.cluster') },
      replica: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const instances = Number(values.instances);
  const port = Number(values.port);
  const databaseUrl = values['database-url'] as string;
  if (!Number.isInteger(instances) || instances < 1 || instances > 16) fail(`--instances must be a whole number from 1 to 16\n${usage}`);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number (0 picks a free one)\n${usage}`);
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
    fail('A cluster needs Postgres: SQLite is a file that only one process may write. Pass --database-url postgresql://...');
  }
  const nginxMissing = checkNginxInstalled();
  if (nginxMissing) fail(nginxMissing);

  const print = (line: string) => process.stdout.write(`${line}\n`);
  const cluster = await startCluster({
    instances,
    port,
    databaseUrl,
    redisUrl: values['redis-url'] as string,
    replica: values.replica as boolean,
    folder: resolve(values.folder as string),
    print,
  });
  print(`cluster ready: ${cluster.url}`);
  print(`[cluster] ${instances} instance(s) behind nginx; state in ${cluster.stateFile}; Ctrl-C stops everything`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    print(`[cluster] ${signal}: stopping`);
    cluster.stop().then(
      () => {
        print('[cluster] stopped');
        process.exit(0);
      },
      (error: Error) => {
        console.error(`[cluster] stop failed: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: Error) => {
  console.error(`[cluster] ${error.message}`);
  process.exit(1);
});
