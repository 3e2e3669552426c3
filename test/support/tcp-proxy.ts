// A TCP proxy the test owns, listening on port 0:
//   - in front of a dependency (a database): `cut()` makes it vanish for the service (open connections
//     dropped, new ones reset at once) without touching the machine's shared server; `restore()` lets
//     connections through again;
//   - in front of a service that restarts (the browser's fixed address): `point(port)` sends new
//     connections to whichever process runs now (each on its own port 0); `point(undefined)` refuses them,
//     as the browser would see from a stopped server. Open connections are left alone.
import { connect, createServer, type Socket } from 'node:net';
import { once } from 'node:events';

export async function startTcpProxy(initial?: { host: string; port: number }) {
  let target = initial;
  let up = true;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    if (!up || target === undefined) return client.destroy();
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
    url: `http://127.0.0.1:${port}`,
    point(servicePort: number | undefined) {
      target = servicePort === undefined ? undefined : { host: '127.0.0.1', port: servicePort };
    },
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
