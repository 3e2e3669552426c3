import { z } from 'zod';
import { idParamsSchema } from '../../http/schemas';
import { defineRoute, JsonBytes } from '../../http/route';
import type { Clock } from '../../lib/clock';
import {
  auditoriumBodySchema,
  auditoriumPatchBodySchema,
  auditoriumViewSchema,
  listQuerySchema,
  movieBodySchema,
  moviePatchBodySchema,
  movieViewSchema,
  seatMapViewSchema,
  showtimeBodySchema,
  showtimeQuerySchema,
  showtimeViewSchema,
} from './catalog.schemas';
import type { CatalogService } from './catalog.service';
import { programmeRoutes } from './programme.routes';

const movieDetail = movieViewSchema.extend({ id: z.string() });
const showtimeDetail = showtimeViewSchema.extend({ movie: movieDetail, auditorium: auditoriumViewSchema.nullable() });
const toMovie = (m: { id: string; title: string; durationMinutes: number; rating: string; description: string }) => ({
  id: m.id,
  title: m.title,
  durationMinutes: m.durationMinutes,
  rating: m.rating,
  description: m.description,
});

export function catalogRoutes(catalog: CatalogService, clock: Clock, options: { maxAgeSeconds?: number } = {}) {
  // Catalog reads are the same for everyone and change rarely: browsers and proxies may keep them briefly
  // (Express adds an ETag, so a revalidation costs a 304). The seat map changes by the second: an
  // anonymous copy must be revalidated against its version each time; a signed-in one marks the
  // caller's own seats, so it is never stored by a shared cache.
  const maxAge = options.maxAgeSeconds ?? 0;
  const shared = { 'Cache-Control': maxAge > 0 ? `public, max-age=${maxAge}` : 'no-cache' };
  const seatMapHeaders = (showtimeId: string, version: number, signedIn: boolean): Record<string, string> =>
    signedIn
      ? { 'Cache-Control': 'private, no-store', Vary: 'Authorization' }
      : { 'Cache-Control': 'public, no-cache', Vary: 'Authorization', ETag: `W/"${showtimeId}-${version}"` };
  return [
    ...programmeRoutes(catalog, {
      toMovie,
      moviePatchBody: moviePatchBodySchema,
      auditoriumPatchBody: auditoriumPatchBodySchema,
      movieView: movieViewSchema,
      auditoriumView: auditoriumViewSchema,
    }),
    defineRoute({
      method: 'get',
      path: '/api/movies',
      summary: 'List movies',
      tags: ['catalog'],
      access: 'public',
      query: listQuerySchema,
      responses: { 200: { description: 'Movies', schema: z.object({ movies: z.array(movieViewSchema) }) } },
      handler: async ({ query }) => ({ status: 200, body: { movies: (await catalog.listMovies(query)).map(toMovie) }, headers: shared }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/movies',
      summary: 'Create a movie (admin)',
      tags: ['catalog'],
      access: 'admin',
      body: movieBodySchema,
      responses: { 201: { description: 'Created', schema: z.object({ movie: movieViewSchema }) } },
      handler: async ({ body }) => ({ status: 201, body: { movie: toMovie(await catalog.createMovie(body)) } }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/auditoriums',
      summary: 'List auditoriums and their layouts',
      tags: ['catalog'],
      access: 'public',
      responses: { 200: { description: 'Auditoriums', schema: z.object({ auditoriums: z.array(auditoriumViewSchema) }) } },
      handler: async () => ({ status: 200, body: { auditoriums: await catalog.listAuditoriums() }, headers: shared }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/auditoriums',
      summary: 'Create an auditorium from a seat layout (admin)',
      tags: ['catalog'],
      access: 'admin',
      body: auditoriumBodySchema,
      responses: { 201: { description: 'Created', schema: z.object({ auditorium: auditoriumViewSchema }) } },
      handler: async ({ body }) => ({ status: 201, body: { auditorium: await catalog.createAuditorium(body) } }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/showtimes',
      summary: 'List showtimes, by movie and time range',
      tags: ['catalog'],
      access: 'public',
      query: showtimeQuerySchema,
      responses: { 200: { description: 'Showtimes', schema: z.object({ showtimes: z.array(showtimeViewSchema) }) } },
      handler: async ({ query }) => ({ status: 200, body: { showtimes: await catalog.listShowtimes(query) }, headers: shared }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/showtimes',
      summary: 'Schedule a showtime (admin)',
      tags: ['catalog'],
      access: 'admin',
      body: showtimeBodySchema,
      responses: {
        201: { description: 'Created', schema: z.object({ showtime: showtimeViewSchema }) },
        409: { description: 'SHOWTIME_OVERLAP: the auditorium is busy then' },
      },
      handler: async ({ body }) => ({ status: 201, body: { showtime: await catalog.createShowtime(body, clock.now()) } }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/showtimes/:id',
      summary: 'A showtime with its movie and auditorium',
      tags: ['catalog'],
      access: 'public',
      params: idParamsSchema,
      responses: {
        200: { description: 'Showtime', schema: z.object({ showtime: showtimeDetail }) },
        404: { description: 'No such showtime' },
      },
      handler: async ({ params }) => ({ status: 200, body: { showtime: await catalog.getShowtime(params.id) }, headers: shared }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/showtimes/:id/seats',
      summary: 'The seat map: every seat with its status',
      tags: ['catalog'],
      access: 'optional',
      params: idParamsSchema,
      responses: { 200: { description: 'Seat map', schema: seatMapViewSchema }, 404: { description: 'No such showtime' } },
      handler: async ({ params, user }) => {
        if (!user) {
          const map = await catalog.getPublicSeatMapJson(params.id);
          // Which database answered (`primary`, or a replica's host:port/db): for demos and the replication tests.
          const headers = { ...seatMapHeaders(params.id, map.version, false), 'X-Marquee-Read-From': map.readFrom };
          return { status: 200, body: new JsonBytes(map.json), headers };
        }
        const map = await catalog.getSeatMap(params.id, user.id);
        return { status: 200, body: map, headers: seatMapHeaders(map.showtimeId, map.version, user !== undefined) };
      },
    }),
  ];
}
