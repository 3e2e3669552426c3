// The real service for the rush demo: `node --import tsx src/main.ts` on port 0, its URL read from the
// 'listening' IPC message (src/main.ts). Rate limits stay as configured by default; TRUST_PROXY=1 lets
// each simulated fan come from its own X-Forwarded-For address.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { admin, root } from '../../bench/lib/service.mjs';
import { listeningUrl } from './listening.mjs';

export async function startRushService(database) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      JWT_SECRET: 'rush-demo-only-secret-0123456789abcdef',
      METRICS_TOKEN: 'rush-demo-only-metrics-token-0123456789',
      BCRYPT_COST: '4',
      TRUST_PROXY: '1',
      // A payment provider takes a moment; the checkout lanes (docs/checkout-lanes.md) queue purchases.
      FAKE_PAYMENT_DELAY_MS: '150',
      DATABASE_URL: database.url,
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      HOST: '127.0.0.1',
      PORT: '0',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await listeningUrl(child);
  return {
    url,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** User + system CPU seconds of a process so far, from /proc/<pid>/stat (fields 14 and 15, in 1/100 s). */
export function cpuSecondsOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
