// Admin edits and deletes of the programme, next to the POST routes that create it (catalog.routes.ts).
// Moving and cancelling a showtime live in the admin module: they reach into holds, bookings and the waitlist.
import { z } from 'zod';
import { defineRoute } from '../../http/route';
import { idParamsSchema } from '../../http/schemas';
import type { CatalogService } from './catalog.service';

type Schemas = {
  toMovie: (movie: { id: string; title: string; durationMinutes: number; rating: string; description: string }) => unknown;
  moviePatchBody: z.ZodType<Parameters<CatalogService['updateMovie']>[1]>;
  auditoriumPatchBody: z.ZodType<Parameters<CatalogService['updateAuditorium']>[1]>;
  movieView: z.ZodType;
  auditoriumView: z.ZodType;
};

const inUse = { description: 'IN_USE: showtimes (or people) use it; `details` counts them' };

export function programmeRoutes(catalog: CatalogService, schemas: Schemas) {
  return [
    defineRoute({
      method: 'patch',
      path: '/api/movies/:id',
      summary: 'Edit a movie (admin): title, rating, description; the length only while it has no showtimes',
      tags: ['catalog'],
      access: 'admin',
      params: idParamsSchema,
      body: schemas.moviePatchBody,
      responses: {
        200: { description: 'Edited', schema: z.object({ movie: schemas.movieView }) },
        404: { description: 'No such movie' },
        409: inUse,
      },
      handler: async ({ params, body }) => ({ status: 200, body: { movie: schemas.toMovie(await catalog.updateMovie(params.id, body)) } }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/movies/:id',
      summary: 'Delete a movie that has no showtimes (admin)',
      tags: ['catalog'],
      access: 'admin',
      params: idParamsSchema,
      responses: { 204: { description: 'Deleted' }, 404: { description: 'No such movie' }, 409: inUse },
      handler: async ({ params }) => (await catalog.deleteMovie(params.id), { status: 204 }),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/auditoriums/:id',
      summary: 'Edit an auditorium (admin): its name, orphan rule and best spot (seats and prices stay as built)',
      tags: ['catalog'],
      access: 'admin',
      params: idParamsSchema,
      body: schemas.auditoriumPatchBody,
      responses: {
        200: { description: 'Edited', schema: z.object({ auditorium: schemas.auditoriumView }) },
        404: { description: 'No such auditorium' },
      },
      handler: async ({ params, body }) => ({ status: 200, body: { auditorium: await catalog.updateAuditorium(params.id, body) } }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/auditoriums/:id',
      summary: 'Delete an auditorium that has no showtimes (admin)',
      tags: ['catalog'],
      access: 'admin',
      params: idParamsSchema,
      responses: { 204: { description: 'Deleted' }, 404: { description: 'No such auditorium' }, 409: inUse },
      handler: async ({ params }) => (await catalog.deleteAuditorium(params.id), { status: 204 }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/showtimes/:id',
      summary:
        'Delete a showtime nobody has held, bought or queued for (admin). With sales: 409 SHOWTIME_HAS_SALES; cancel it instead ' +
        '(POST /api/admin/showtimes/:id/cancel)',
      tags: ['catalog'],
      access: 'admin',
      params: idParamsSchema,
      responses: {
        204: { description: 'Deleted' },
        404: { description: 'No such showtime' },
        409: { description: 'SHOWTIME_HAS_SALES (it has bookings) or IN_USE (holds, waitlist entries or queue tickets)' },
      },
      handler: async ({ params }) => (await catalog.deleteShowtime(params.id), { status: 204 }),
    }),
  ];
}
