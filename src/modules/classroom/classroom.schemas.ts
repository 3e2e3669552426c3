// What one instance says about itself once a second to the classroom view (GET /api/admin/classroom and
// the `classroom:instance` socket event): the same shape both ways, so a first paint and the live updates
// draw with one function. Counts that need the database are null while it is down.
import { z } from 'zod';

export const classroomSnapshotSchema = z.object({
  instance: z.string().describe('The instance id (X-Marquee-Instance)'),
  bootId: z.string().describe('New at every start: a restarted instance is a new box'),
  at: z.string().describe('When the snapshot was taken (ISO-8601)'),
  uptimeSeconds: z.number(),
  requestsPerSecond: z.number().describe('HTTP requests this instance answered per second since its previous snapshot'),
  sockets: z.number().int().describe('socket.io connections open on this instance'),
  activeHolds: z.number().int().nullable().describe('Live holds in the database (every instance sees the same)'),
  waitingRoom: z.object({ waiting: z.number().int(), admitted: z.number().int() }).nullable(),
  checkout: z.object({
    registers: z.number().int(),
    busy: z.number().int(),
    line: z.number().int(),
    breaker: z.enum(['closed', 'half-open', 'open']),
  }),
  database: z.object({ up: z.boolean() }),
  redis: z.enum(['off', 'up', 'down']),
  replicas: z.array(z.object({ name: z.string(), up: z.boolean(), inRotation: z.boolean(), lagMs: z.number().nullable() })),
});

export type ClassroomSnapshot = z.infer<typeof classroomSnapshotSchema>;

/** `classroom:watch` and `classroom:unwatch` take no payload (or an empty object). */
export const watchRequestSchema = z.union([z.undefined(), z.strictObject({})]);
