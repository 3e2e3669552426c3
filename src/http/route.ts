// One declaration per endpoint: its zod schemas validate the request AND describe it in the OpenAPI
// document, so the two can never disagree. Handlers stay thin: take parsed input, call one service,
// return a status and a body.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { parseInput } from './validate';
import { AppError } from '../lib/errors';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** 'staff': door staff and admins (check-in). */
export type Access = 'public' | 'optional' | 'user' | 'staff' | 'admin';

/** The signed-in caller as routes see it; the auth module finds it from the bearer token. */
export type Caller = { id: string; email: string; name: string; role: 'customer' | 'staff' | 'admin' };

export type RouteInput<P, Q, B, H> = {
  params: P;
  query: Q;
  body: B;
  headers: H;
  user: Caller | undefined;
  req: Request;
};
export type RouteResult = { status: number; body?: unknown; headers?: Record<string, string> };

/**
 * A JSON body serialized ahead of time (a cached answer shared by many callers): its UTF-8 bytes, sent as
 * they are, so a read neither stringifies nor encodes it again.
 */
export class JsonBytes {
  constructor(readonly bytes: Buffer) {}
}

export type RouteSpec<P = unknown, Q = unknown, B = unknown, H = unknown> = {
  method: Method;
  path: string; // Express style: /api/holds/:id
  summary: string;
  tags: string[];
  access: Access;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  headers?: z.ZodType<H>;
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  /** Runs after authentication, before validation (rate limiters). */
  before?: RequestHandler[];
  handler: (input: RouteInput<P, Q, B, H>) => Promise<RouteResult>;
};

/** The caller's id, on routes whose access ('user' or 'admin') made authentication run first. */
export function callerId(user: Caller | undefined): string {
  if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in first: this needs a bearer token');
  return user.id;
}

/** Keeps the schema types of one route together; use it for every route. */
export const defineRoute = <P, Q, B, H>(spec: RouteSpec<P, Q, B, H>) => spec as unknown as RouteSpec;

export type Authenticator = {
  /** Resolves the caller from the Authorization header: undefined when absent, throws when bad. */
  identify(req: Request): Promise<Caller | undefined>;
  require(user: Caller | undefined, access: Access): void;
};

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()) }),
});

/** A body that may be absent (a union with z.undefined()) is documented as its present form, not required. */
function documentedBody(schema: z.ZodType) {
  if (!(schema instanceof z.ZodUnion)) return { schema, required: true };
  const present = (schema.options as z.ZodType[]).filter((option) => !(option instanceof z.ZodUndefined));
  return {
    schema: present.length === 1 ? (present[0] as z.ZodType) : z.union(present),
    required: present.length === schema.options.length,
  };
}

function describe(registry: OpenAPIRegistry, route: RouteSpec) {
  const body = route.body && documentedBody(route.body);
  const errors: Record<number, string> = { 400: 'Invalid input (VALIDATION_FAILED)', 429: 'Rate limited' };
  if (route.access === 'user' || route.access === 'staff' || route.access === 'admin') errors[401] = 'Missing or bad token';
  if (route.access === 'admin') errors[403] = 'Not an admin';
  if (route.access === 'staff') errors[403] = 'Not staff or an admin';
  const responses: Record<string, object> = {};
  for (const [status, response] of Object.entries(route.responses)) {
    responses[status] = response.schema
      ? { description: response.description, content: { 'application/json': { schema: response.schema } } }
      : { description: response.description };
  }
  for (const [status, description] of Object.entries(errors)) {
    responses[status] ??= { description, content: { 'application/json': { schema: errorSchema } } };
  }
  registry.registerPath({
    method: route.method,
    path: route.path.replace(/:(\w+)/g, '{$1}'),
    summary: route.summary,
    tags: route.tags,
    security: route.access === 'public' ? [] : [{ bearerAuth: [] }],
    request: {
      params: route.params as never,
      query: route.query as never,
      headers: route.headers as never,
      body: body ? { required: body.required, content: { 'application/json': { schema: body.schema } } } : undefined,
    },
    responses: responses as never,
  });
}

function send(res: Response, result: RouteResult) {
  for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
  res.status(result.status);
  if (result.body === undefined) res.end();
  // A Buffer goes out as it is, under the Content-Type the route set (an SVG ticket code).
  else if (Buffer.isBuffer(result.body)) res.send(result.body);
  else if (result.body instanceof JsonBytes) res.setHeader('Content-Type', 'application/json; charset=utf-8').send(result.body.bytes);
  else res.json(result.body);
}

/** What a route without a body schema accepts: nothing (made once, not per request). */
const noBody = z.undefined();

export function mountRoutes(routes: RouteSpec[], auth: Authenticator, registry: OpenAPIRegistry): Router {
  const router = Router();
  for (const route of routes) {
    describe(registry, route);
    const authenticate: RequestHandler = async (req, res, next) => {
      const user = route.access === 'public' ? undefined : await auth.identify(req);
      auth.require(user, route.access);
      res.locals.user = user;
      next();
    };
    const handle: RequestHandler = async (req, res) => {
      const input = {
        params: route.params ? parseInput(route.params, req.params, 'params') : req.params,
        query: route.query ? parseInput(route.query, req.query, 'query') : {},
        body: parseInput(route.body ?? noBody, req.body, 'body'),
        headers: route.headers ? parseInput(route.headers, req.headers, 'headers') : {},
        user: res.locals.user as Caller | undefined,
        req,
      };
      send(res, await route.handler(input));
    };
    router[route.method](route.path, authenticate, ...(route.before ?? []), handle);
  }
  return router;
}
