/** Polls `check` until it holds; fails with `what` after the deadline. Never a fixed sleep. */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((next) => setTimeout(next, 50));
  }
  throw new Error(`timed out waiting for: ${what}`);
}
