// A TCP relay the test owns, so a service that restarts can come back "on the same address" for the
// browser: the relay listens on port 0 once for the whole test and forwards to whichever service
// process is running now (each process listens on its own port 0). With no target, or when a process
// dies, connections are refused or dropped, as the browser would see from a stopped server.
import { connect, createServer, type Socket } from 'node:net';
import { once } from 'node:events';

export async function startRelay() {
  let target: number | undefined;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    if (target === undefined) return client.destroy();
    const upstream = connect(target, '127.0.0.1');
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        open.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    /** Sends new connections to a service's port; `undefined` refuses them. Open ones are left alone. */
    point(servicePort: number | undefined) {
      target = servicePort;
    },
    async close() {
      target = undefined;
      for (const socket of open) socket.destroy();
      await new Promise((done) => server.close(done));
    },
  };
}
