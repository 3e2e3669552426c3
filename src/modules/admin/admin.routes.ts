import { defineRoute } from '../../http/route';
import { statsView } from './admin.schemas';
import type { AdminService } from './admin.service';

export function adminRoutes(admin: AdminService) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/admin/stats',
      summary: 'Live numbers: active holds, waitlists, bookings today, cache, rate limits, sockets (admin)',
      tags: ['admin'],
      access: 'admin',
      responses: { 200: { description: 'Stats', schema: statsView } },
      handler: async () => ({ status: 200, body: await admin.getStats(), headers: { 'Cache-Control': 'no-store' } }),
    }),
  ];
}
