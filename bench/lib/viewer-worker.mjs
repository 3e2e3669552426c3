// Socket.io viewers in their own process: `count` sockets, each joined to one showtime (round robin).
// W4 ("held" mode): records when each watched seat's "held" change arrives. W5 ("available" mode):
// records when each viewer receives its showtime's released seats. Sends its records when told to stop.
// Behind a balancer, a "held" receipt also names the instance the viewer's socket is on (server:hello).
import { io } from 'socket.io-client';

process.once('message', async ({ url, count, showtimeIds, watch, mode }) => {
  const watched = new Set(watch ?? []);
  const receipts = [];
  const sockets = [];
  let messages = 0;
  for (let i = 0; i < count; i++) {
    const showtimeId = showtimeIds[i % showtimeIds.length];
    const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    let releasedSeen = 0;
    let instance = null;
    socket.once('server:hello', (hello) => (instance = hello.instance));
    socket.on('seats:changed', (message) => {
      const at = Date.now();
      messages += 1;
      for (const change of message.changes) {
        if (mode === 'held' && change.status === 'held' && watched.has(change.label)) {
          receipts.push([`${message.showtimeId}:${change.label}`, at, instance]);
        } else if (mode === 'available' && change.status === 'available') {
          releasedSeen += 1;
        }
      }
      if (mode === 'available' && releasedSeen > 0) receipts.push([message.showtimeId, at, releasedSeen]);
      releasedSeen = 0;
    });
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const reply = await socket.timeout(30_000).emitWithAck('showtime:join', { showtimeId });
    if (!reply.ok) throw new Error(`join failed: ${JSON.stringify(reply)}`);
    sockets.push(socket);
  }
  process.send({ type: 'ready' });
  process.once('message', () => {
    for (const socket of sockets) socket.disconnect();
    process.send({ type: 'result', result: { receipts, messages, connected: sockets.length } }, () => process.exit(0));
  });
});
