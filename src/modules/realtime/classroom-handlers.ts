// The socket side of the classroom view (src/modules/classroom): admins join the `classroom` room with
// `classroom:watch`, and the publisher sends this instance's snapshot to that room once a second while
// anyone anywhere watches. With the Redis adapter the room spans every instance, so a watcher on one
// instance gets every instance's snapshots; a server-side message tells the others to start publishing.
import type { Registry } from 'prom-client';
import type { Server, Socket } from 'socket.io';
import { parseInput } from '../../http/validate';
import { AppError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { createClassroomPublisher, watchRequestSchema, type SnapshotBuilder } from '../classroom';
import { classroomRoom, type ClientToServerEvents, type ServerToClientEvents } from './realtime.schemas';
import { handle } from './showtime-handlers';
import type { SocketAuth, SocketData } from './socket-auth';

type Deps = {
  snapshots: SnapshotBuilder;
  socketAuth: SocketAuth;
  logger: Logger;
  registry: Registry;
  /** True with the Redis adapter: other instances publish too and must hear of watchers here. */
  shared: boolean;
  intervalMs?: number;
};
type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, never, SocketData>;
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, never, SocketData>;
// Only for the one server-to-server message; the realtime server's own type declares no such events.
type ClusterServer = Server<never, never, { 'classroom:watching': () => void }>;

export function attachClassroom(io: RealtimeServer, { snapshots, socketAuth, logger, registry, shared, intervalMs = 1000 }: Deps) {
  const cluster = io as unknown as ClusterServer;
  const publisher = createClassroomPublisher({
    build: snapshots.build,
    emit: (snapshot) => io.to(classroomRoom).emit('classroom:instance', snapshot),
    countLocalWatchers: () => io.of('/').adapter.rooms.get(classroomRoom)?.size ?? 0,
    signalWatching: shared ? () => cluster.serverSideEmit('classroom:watching') : undefined,
    intervalMs,
    logger,
    registry,
  });
  if (shared) cluster.on('classroom:watching', () => publisher.heardWatching());

  return {
    publisher,
    register(socket: RealtimeSocket) {
      handle(socket, 'classroom:watch', logger, async (payload) => {
        parseInput(watchRequestSchema, payload, 'payload');
        const user = await socketAuth.currentUser(socket);
        if (user?.role !== 'admin') throw new AppError('FORBIDDEN', 'Only an admin can watch the classroom view');
        await socket.join(classroomRoom);
        publisher.watchersChanged();
        return { snapshot: await snapshots.build() };
      });
      handle(socket, 'classroom:unwatch', logger, async (payload) => {
        parseInput(watchRequestSchema, payload, 'payload');
        await socket.leave(classroomRoom);
        publisher.watchersChanged();
        return {};
      });
      // socket.io has taken the socket out of its rooms by the time 'disconnect' fires.
      socket.on('disconnect', () => publisher.watchersChanged());
    },
    close: () => publisher.stop(),
  };
}

export type ClassroomRealtime = ReturnType<typeof attachClassroom>;
