// npm run replica [-- --sync] [--apply-delay-ms N] [--database marquee]
// Starts a Postgres primary and a streaming replica of the project's own on loopback (own ports and data
// folders; postgres-pair.ts), creates the database on the primary, and prints one line
// `replica ready: {"primaryUrl","replicaUrl","standbyName",...}`. Ctrl-C (or SIGTERM) stops and removes
// both. Start Marquee on them with DATABASE_URL=<primaryUrl> DATABASE_REPLICA_URLS=<replicaUrl>.
import { parseArgs } from 'node:util';
import { ensureDatabase } from '../cluster/cluster';
import { createPostgresPair } from './postgres-pair';

async function main() {
  const { values } = parseArgs({
    options: {
      sync: { type: 'boolean', default: false },
      'apply-delay-ms': { type: 'string', default: '0' },
      database: { type: 'string', default: 'marquee' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log('usage: npm run replica -- [--sync] [--apply-delay-ms N] [--database marquee]');
    return;
  }
  const log = (line: string) => console.log(line);
  const pair = await createPostgresPair({ synchronous: values.sync, log });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`[replica] ${signal}: stopping and removing both servers`);
    await pair.drop().catch((error: Error) => console.error(`[replica] ${error.message}`));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  try {
    await ensureDatabase(pair.primary.url(values.database));
    if (Number(values['apply-delay-ms']) > 0) await pair.setApplyDelay(Number(values['apply-delay-ms']));
    await pair.waitForReplay();
  } catch (error) {
    await pair.drop();
    throw error;
  }
  const state = {
    primaryUrl: pair.primary.url(values.database),
    replicaUrl: pair.replica.url(values.database),
    standbyName: pair.standbyName,
    synchronous: values.sync,
    primaryCluster: pair.primary.name,
    replicaCluster: pair.replica.name,
  };
  // Signal handlers alone do not keep Node running: this timer does, until Ctrl-C.
  setInterval(() => undefined, 60_000);
  log(`replica ready: ${JSON.stringify(state)}`);
  log(`[replica] DATABASE_URL=${state.primaryUrl} DATABASE_REPLICA_URLS=${state.replicaUrl} npm start`);
}

main().catch((error: Error) => {
  console.error(`[replica] ${error.message}`);
  process.exit(1);
});
