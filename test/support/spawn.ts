// Runs the real service (src/main.ts) as a child process, for tests about crashes and signals. The service
// listens on port 0 and the test reads the port it really got from its "Marquee is listening" log line: a
// port picked by the test and released before the child binds it could be taken by another jest worker.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');

export type ServiceProcess = {
  child: ChildProcess;
  url: string;
  port: number;
  output: () => string;
  /** Resolves when the process has exited (at once if it already has). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/** The URL in a pino JSON line `{"msg":"Marquee is listening","url":...}`, if the text holds one. */
export function listeningUrl(output: string): string | undefined {
  for (const line of output.split('\n')) {
    if (!line.includes('Marquee is listening')) continue;
    try {
      const parsed = JSON.parse(line) as { msg?: string; url?: string };
      if (parsed.msg === 'Marquee is listening' && parsed.url) return parsed.url;
    } catch {
      // a partial line; the rest arrives with the next chunk
    }
  }
  return undefined;
}

/** Starts `node --import tsx src/main.ts` with the given settings and waits until it listens and /healthz answers. */
export async function spawnService(env: Record<string, string>, options: { timeoutMs?: number } = {}): Promise<ServiceProcess> {
  // node --import tsx runs in ONE process, so SIGKILL really kills the service (the tsx CLI would
  // leave its child running).
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    // LOG_LEVEL info: the listening line is an info line. A test may ask for less and read nothing else.
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', ...env, HOST: '127.0.0.1', PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => done({ code, signal }));
  });
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`service exited early:\n${output}`);
    const url = listeningUrl(output);
    if (url) {
      const answer = await fetch(`${url}/healthz`).catch(() => undefined);
      if (answer?.ok) return { child, url, port: Number(new URL(url).port), output: () => output, exited };
    }
    await new Promise((next) => setTimeout(next, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`service did not start:\n${output}`);
}
