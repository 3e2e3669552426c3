// Long-running helper commands of the cluster demos (npm run cluster, npm run replica) as child processes:
// started with `node --import tsx`, ready when a line of their output matches, stopped with SIGTERM (they
// stop and remove what they started) and, past a deadline, SIGKILL.
import { spawn } from 'node:child_process';
import { root } from './kit.mjs';

export async function startScript(script, args, { env = {}, ready, timeoutMs = 180_000, echo = () => {} }) {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const onData = (chunk) => {
    output += chunk;
    for (const line of String(chunk).split('\n')) if (line.trim()) echo(line);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const match = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} was not ready within ${timeoutMs / 1000} s:\n${output.slice(-2000)}`)),
      timeoutMs,
    );
    const check = () => {
      const found = ready.exec(output);
      if (found) {
        clearTimeout(timer);
        child.stdout.off('data', check);
        resolve(found);
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with code ${code} before it was ready:\n${output.slice(-2000)}`));
    });
  });
  return {
    child,
    match,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
