// The setup every realtime test file shares: one listening server on a fresh database for the file, and
// sockets opened through `open` that are closed after each test.
import { startTestServer } from '../support/app';
import type { Clock } from '../../src/lib/clock';
import { connect, type ConnectOptions, type TestSocket } from './socket-client';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** Call at the top of a test file; the returned object reaches the server once beforeAll has run. */
export function useRealtimeServer(overrides: Record<string, string> = {}, options: { clock?: Clock } = {}) {
  let server: TestServer | undefined;
  const sockets: TestSocket[] = [];
  const started = () => {
    if (!server) throw new Error('the test server starts in beforeAll; use it inside a test or hook');
    return server;
  };

  beforeAll(async () => {
    server = await startTestServer(overrides, options);
  });
  afterEach(() => sockets.splice(0).forEach((client) => client.close()));
  afterAll(() => server?.close());

  return {
    get url() {
      return started().url;
    },
    get request() {
      return started().request;
    },
    get context() {
      return started().context;
    },
    /** The server side of socket.io, to wait for what the server saw (a socket's disconnect). */
    get realtime() {
      return started().realtime;
    },
    /** A connected socket (authenticated when a token is given), closed after the test. */
    async open(token?: string, options: ConnectOptions = {}) {
      const client = await connect(started().url, token, options);
      sockets.push(client);
      return client;
    },
  };
}
