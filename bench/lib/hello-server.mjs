// The W0 baselines: a bare node:http hello and an Express hello, each in its own process.
import http from 'node:http';
import express from 'express';

const kind = process.argv[2];
const body = JSON.stringify({ hello: 'world' });
let server;
if (kind === 'express') {
  const app = express();
  app.disable('x-powered-by');
  app.get('/', (_req, res) => {
    res.json({ hello: 'world' });
  });
  server = http.createServer(app);
} else {
  server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
}
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('disconnect', () => process.exit(0));
