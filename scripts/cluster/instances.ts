// One Marquee instance of the cluster: `node --import tsx src/main.ts` (one process, so its pid is the
// instance and a kill -9 stops it alone), on port 0, with an IPC channel over which it reports where it
// listens. Its log lines are streamed with its id in front.
import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';

export const projectRoot = resolve(__dirname, '..', '..');

export type RunningInstance = { id: string; port: number; pid: number; child: ChildProcess };

/** Starts one instance and resolves once it listens (or rejects with its output if it dies first). */
export function startInstance(
  id: string,
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
  timeoutMs = 60_000,
): Promise<RunningInstance> {
  const child = fork(resolve(projectRoot, 'src/main.ts'), [], {
    cwd: projectRoot,
    execArgv: ['--import', 'tsx'],
    env: { ...env, INSTANCE_ID: id, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const recent: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      recent.push(line);
      if (recent.length > 20) recent.shift();
      print(`[${id}] ${line}`);
    });
  }
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`${id} did not start within ${timeoutMs / 1000} s:\n${recent.join('\n')}`));
    }, timeoutMs);
    child.on('message', (message: { event?: string; url?: string }) => {
      if (message.event !== 'listening' || !message.url) return;
      clearTimeout(timer);
      done({ id, port: Number(new URL(message.url).port), pid: child.pid as number, child });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`${id} exited during start (${signal ?? `code ${code}`}):\n${recent.join('\n')}`));
    });
  });
}

/** SIGTERM (a graceful stop), then SIGKILL if it has not exited within `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
