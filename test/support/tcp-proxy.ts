// A TCP proxy the test can cut: the service talks to its database through it, and `cut()` makes the
// database vanish for the service (open connections dropped, new ones reset at once) without touching
// the machine's shared server. `restore()` lets connections through again. It listens on port 0.
import { connect, createServer, type Socket } from 'node:net';
import { once } from 'node:events';

export async function startTcpProxy(target: { host: string; port: number }) {
  let up = true;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    if (!up) return client.destroy();
    const upstream = connect(target.port, target.host);
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
    port,
    cut() {
      up = false;
      for (const socket of open) socket.destroy();
    },
    restore() {
      up = true;
    },
    async close() {
      up = false;
      for (const socket of open) socket.destroy();
      await new Promise((done) => server.close(done));
    },
  };
}
