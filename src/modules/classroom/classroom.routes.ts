import { defineRoute } from '../../http/route';
import { classroomSnapshotSchema } from './classroom.schemas';
import type { SnapshotBuilder } from './classroom-snapshot';

export function classroomRoutes(snapshots: SnapshotBuilder) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/admin/classroom',
      summary:
        "This instance's live figures for the classroom view (admin): requests per second, sockets, active holds, waiting room, " +
        "checkout lanes, database, Redis and replica health. The view gets every instance's over the socket (`classroom:watch`)",
      tags: ['admin'],
      access: 'admin',
      responses: { 200: { description: 'The snapshot', schema: classroomSnapshotSchema } },
      handler: async () => ({ status: 200, body: await snapshots.build(), headers: { 'Cache-Control': 'no-store' } }),
    }),
  ];
}
