// nginx as the cluster's load balancer: Debian's nginx run in the foreground as a child process, with a
// config made from nginx.conf.template and every file it writes under the cluster's folder.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const template = readFileSync(join(__dirname, 'nginx.conf.template'), 'utf8');
// Debian's nginx lives in /usr/sbin, which a non-login shell's PATH may lack.
const nginx = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';

export function renderNginxConfig(options: { prefix: string; port: number; upstreams: string[] }): string {
  const servers = options.upstreams.map((socket) => `    server unix:${socket} max_fails=1 fail_timeout=5s;`).join('\n');
  return template
    .replaceAll('{{PREFIX}}', options.prefix)
    .replaceAll('{{PORT}}', String(options.port))
    .replace('{{UPSTREAM_SERVERS}}', servers);
}

/** Says how to install nginx when it is missing, instead of failing later with ENOENT. */
export function checkNginxInstalled(): string | undefined {
  const probe = spawnSync(nginx, ['-v'], { encoding: 'utf8' });
  if (probe.error) return 'nginx is not installed. On Debian or Ubuntu: sudo apt-get update && sudo apt-get install -y nginx';
  return undefined;
}

/** A port nobody listens on right now. nginx cannot listen on port 0, so the cluster picks one for it. */
function unusedPort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
    probe.on('error', fail);
  });
}

export type Balancer = { port: number; pid: number; child: ChildProcess; stop(): Promise<void> };

/**
 * Starts nginx on `port`, or on a port picked for it when `port` is 0. A picked port could be taken in the
 * moment before nginx binds it; nginx then exits at once with "Address already in use" (it never serves
 * on a port it did not get), and another port is tried.
 */
export async function startBalancer(options: { folder: string; port: number; upstreams: string[] }): Promise<Balancer> {
  const prefix = join(options.folder, 'nginx');
  for (const sub of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(prefix, sub), { recursive: true });
  const configFile = join(prefix, 'nginx.conf');
  let lastError = '';
  for (let attempt = 0; attempt < (options.port === 0 ? 5 : 1); attempt++) {
    const port = options.port === 0 ? await unusedPort() : options.port;
    writeFileSync(configFile, renderNginxConfig({ prefix, port, upstreams: options.upstreams }));
    const child = spawn(nginx, ['-c', configFile, '-p', prefix, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    if (await listensOrExits(port, child)) {
      return {
        port,
        pid: child.pid as number,
        child,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT'); // graceful: finish requests
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(timer);
        },
      };
    }
    await exited;
    lastError = stderr.trim();
  }
  throw new Error(`nginx did not start: ${lastError}`);
}

/** True once something accepts connections on the port, false if nginx exited first. */
async function listensOrExits(port: number, child: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    if (child.pid !== undefined && (await pidListensOn(port))) return true;
    await new Promise((next) => setTimeout(next, 50));
  }
  child.kill('SIGKILL');
  return false;
}

async function pidListensOn(port: number): Promise<boolean> {
  const answer = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
  // Any HTTP answer means nginx owns the port (the instances may not all be up yet).
  return answer !== undefined;
}
