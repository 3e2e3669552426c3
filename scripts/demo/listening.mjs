// The URL a service started as a child process with an IPC channel reports once it listens (port 0):
// src/main.ts sends {event: 'listening', url}. Rejects if it exits first or takes longer than a minute.
export function listeningUrl(child, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the service did not start within ${timeoutMs / 1000} s`)), timeoutMs);
    child.on('message', (message) => {
      if (message?.event === 'listening') {
        clearTimeout(timer);
        resolve(message.url);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the service exited with code ${code} while starting`));
    });
  });
}
