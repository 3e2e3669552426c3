// Fuzzing the whole public interface with hostile input. Every operation of the OpenAPI document, with
// generated bad path ids, query values, bodies, headers and tokens, and every socket event with generated
// bad payloads. Whatever comes in, each answer must be: below 500, in the contract's error shape when it
// is an error, free of stack traces, SQL, paths and hashes; and a rejected request must leave every table
// as it was (row counts, and the seat version of every showtime).
//
// The inputs come from a fixed seed, so CI runs the same cases every time and a failure replays; set
// FUZZ_SEED=<n> or FUZZ_SEED=random (and FUZZ_RUNS=<n>) to explore further. Violations are collected and
// reported together, with the exact request, instead of stopping at the first.
import fc from 'fast-check';
import supertest from 'supertest';
import { io } from 'socket.io-client';
import { startTestServer } from '../support/app';
import { leakPatterns } from '../support/contract';
import { createAdmin, createShowtime, registerUser, type TestUser } from '../support/factories';
import { brokenJson, encodeSegment, nastyBody, nastyString, nastyValue, pathId } from '../support/fuzz-inputs';
import { errorCodes } from '../../src/lib/errors';

// The validator's rule, restated: text a client may send (tab and line breaks allowed).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const seed = process.env.FUZZ_SEED === 'random' ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED ?? 20261201);
const runsPerOperation = Number(process.env.FUZZ_RUNS ?? 40);

type Server = Awaited<ReturnType<typeof startTestServer>>;
type Operation = { method: string; path: string; query: string[]; fields: string[]; hasBody: boolean };
let server: Server;
let admin: TestUser;
let customer: TestUser;
let realIds: string[];
beforeAll(async () => {
  // Limits off: the fuzzer sends far more than any limit allows, and a 429 would hide what lies behind it.
  server = await startTestServer({
    BODY_LIMIT: '100kb',
    SOCKET_EVENTS_PER_SECOND: '10000',
    SOCKET_EVENT_BURST: '10000',
    SOCKET_MAX_ROOMS: '1000',
    SOCKET_MAX_PAYLOAD_BYTES: '1000000', // the size limit itself is tested in test/realtime/socket-limits.test.ts
  });
  admin = await createAdmin(server.context, server.request);
  customer = await registerUser(server.request);
  const showtime = await createShowtime(server.context, { rows: 4, seatsPerRow: 8 });
  const hold = (
    await server.request
      .post(`/api/showtimes/${showtime.id}/holds`)
      .set(customer.auth)
      .send({ seats: ['A1'] })
  ).body.hold;
  const bought = (
    await server.request
      .post(`/api/showtimes/${showtime.id}/holds`)
      .set(customer.auth)
      .send({ seats: ['B1'] })
  ).body.hold;
  const booking = (
    await server.request.post(`/api/holds/${bought.id}/purchase`).set(customer.auth).set('Idempotency-Key', 'fuzz-setup').send({})
  ).body.booking;
  realIds = [showtime.id, showtime.movieId, showtime.auditoriumId, hold.id, bought.id, booking.id, customer.id];
});
afterAll(() => server?.close());

/** Row counts of every table and the seat version of every showtime, in one look. */
let tables: { name: string }[] | undefined;
async function snapshot(): Promise<Record<string, number>> {
  const { db } = server.context;
  const kind = server.config.DATABASE_URL.startsWith('file:') ? 'sqlite' : 'postgres';
  tables ??=
    kind === 'sqlite'
      ? await db.$queryRawUnsafe<{ name: string }[]>(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'`,
        )
      : await db.$queryRawUnsafe<{ name: string }[]>(
          `SELECT tablename::text AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE '\\_%'`,
        );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await db.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT COUNT(*) AS n FROM "${name}"`);
    counts[name] = Number(row?.n ?? 0);
  }
  const [versions] = await db.$queryRawUnsafe<{ v: number | bigint | null }[]>(`SELECT SUM("seatVersion") AS v FROM "Showtime"`);
  counts['Showtime.seatVersion'] = Number(versions?.v ?? 0);
  return counts;
}

function operationsOf(document: { paths: Record<string, Record<string, any>> }): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, spec] of Object.entries(methods)) {
      const parameters = (spec.parameters ?? []) as { in: string; name: string }[];
      const schema = spec.requestBody?.content?.['application/json']?.schema;
      operations.push({
        method,
        path,
        query: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        fields: Object.keys(schema?.properties ?? {}),
        hasBody: spec.requestBody !== undefined,
      });
    }
  }
  return operations;
}

/** A request each operation accepts, to inject one fault into: reaching the database takes a valid rest. */
function validBody(
  operation: Operation,
  ids: { showtime: string; movie: string; auditorium: string },
  n: number,
): Record<string, unknown> | undefined {
  const bodies: Record<string, Record<string, unknown>> = {
    'post /api/auth/register': { email: `fuzz-${n}@example.test`, password: 'password-1', name: 'Fuzz' },
    'post /api/auth/login': { email: customer.email, password: 'password-123' },
    'post /api/movies': { title: `Fuzz ${n}`, durationMinutes: 90, rating: 'PG', description: 'Fuzzed' },
    'post /api/auditoriums': {
      name: `Fuzz room ${n}`,
      sections: [{ name: 'S', priceCents: 100 }],
      rows: [{ label: 'A', seats: 2, section: 'S' }],
    },
    'post /api/showtimes': {
      movieId: ids.movie,
      auditoriumId: ids.auditorium,
      startsAt: new Date(Date.now() + (n + 3) * 86_400_000).toISOString(),
    },
    'post /api/showtimes/{id}/holds': { seats: [`D${(n % 8) + 1}`] },
    'post /api/showtimes/{id}/waitlist': { partySize: 1, adjacent: false },
    'post /api/holds/{id}/purchase': { paymentToken: 'tok_visa' },
  };
  return bodies[`${operation.method} ${operation.path}`] ?? (operation.hasBody ? {} : undefined);
}

type Violation = { request: string; status: number; problem: string; text: string };

function check(
  violations: Violation[],
  operation: Operation,
  request: string,
  res: supertest.Response,
  before: Record<string, number>,
  after: Record<string, number>,
) {
  const fail = (problem: string) => violations.push({ request, status: res.status, problem, text: res.text.slice(0, 300) });
  if (res.status >= 500) fail('5xx');
  for (const pattern of leakPatterns) if (pattern.test(res.text)) fail(`leaks ${pattern}`);
  if (res.status >= 400) {
    const error = res.body?.error;
    const shaped =
      res.headers['content-type']?.startsWith('application/json') &&
      Object.keys(res.body ?? {}).join() === 'error' &&
      typeof error?.message === 'string' &&
      typeof error?.details === 'object' &&
      (errorCodes as readonly string[]).includes(error?.code);
    if (!shaped) fail('not the contract error shape');
    // A purchase's definite answer (not yours, expired, …) is stored so the same key replays it: that
    // one row is the Idempotency-Key contract, not a leak of the rejected request.
    const exempt = res.status !== 400 && operation.path.endsWith('/purchase') ? ['IdempotencyRecord'] : [];
    for (const [table, count] of Object.entries(after)) {
      if (!exempt.includes(table) && before[table] !== count) fail(`rejected, yet ${table} went ${before[table]} -> ${count}`);
    }
  }
}

describe('fuzzing every route and socket event', () => {
  it('when every OpenAPI operation gets hostile input, then no 5xx, contract errors only, no leaks, and rejected requests write nothing', async () => {
    const document = (await server.request.get('/api/openapi.json')).body;
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThanOrEqual(25);
    const tokens = () => [undefined, customer.token, admin.token, 'garbage', `${customer.token}x`];
    const violations: Violation[] = [];
    let sent = 0;
    const statuses: Record<number, number> = {};

    for (const [index, operation] of operations.entries()) {
      const caseArb = fc.record({
        singleFault: fc.boolean(),
        faultAt: fc.nat(),
        fault: nastyValue,
        ids: fc.array(pathId(realIds), { minLength: 3, maxLength: 3 }),
        query: fc.array(fc.option(fc.oneof(nastyString, fc.array(nastyString, { minLength: 2, maxLength: 3 })), { nil: undefined }), {
          minLength: 3,
          maxLength: 3,
        }),
        body: nastyBody(operation.fields),
        raw: fc.option(brokenJson, { nil: undefined, freq: 6 }),
        token: fc.nat(4),
        key: fc.option(
          fc.oneof(
            fc.constantFrom('k', 'z'.repeat(256)),
            nastyString.filter((s) => /^[\x20-\x7e]{1,300}$/.test(s)),
          ),
          { nil: undefined },
        ),
      });
      for (const input of fc.sample(caseArb, { numRuns: runsPerOperation, seed: seed + index })) {
        const n = sent;
        const realFor = (name: string) =>
          (/^(id|showtimeId)$/.test(name) && operation.path.includes('/showtimes/{id}')
            ? realIds[0]
            : realIds[n % realIds.length]) as string;
        const pathNames = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
        let ids = input.ids;
        let query = input.query;
        let body: unknown = input.body;
        let raw = input.raw;
        let token = tokens()[input.token];
        let key = input.key;
        if (input.singleFault) {
          // Everything valid (the admin passes every access level), then one hostile value in one place.
          ids = pathNames.map(realFor);
          query = operation.query.map(() => undefined);
          const base = validBody(
            operation,
            { showtime: realIds[0] as string, movie: realIds[1] as string, auditorium: realIds[2] as string },
            n,
          );
          raw = undefined;
          token = admin.token;
          key = `fuzz-key-${n}`;
          const places = [
            ...pathNames.map((_, i) => `path:${i}`),
            ...operation.query.map((_, i) => `query:${i}`),
            ...Object.keys(base ?? {}).map((field) => `body:${field}`),
          ];
          const place = places[input.faultAt % Math.max(places.length, 1)] ?? 'none';
          const text = typeof input.fault === 'string' ? input.fault : (JSON.stringify(input.fault) ?? 'null');
          if (place.startsWith('path:')) ids = ids.map((id, i) => (`path:${i}` === place ? text : id));
          if (place.startsWith('query:')) query = query.map((value, i) => (`query:${i}` === place ? text : value));
          body = base && place.startsWith('body:') ? { ...base, [place.slice(5)]: input.fault } : base;
        }
        let pathIndex = 0;
        const path = operation.path.replace(/\{\w+\}/g, () => encodeSegment(ids[pathIndex++] ?? '') ?? '%F0');
        const params = new URLSearchParams();
        operation.query.forEach((name, i) => {
          const value = query[i % query.length];
          for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(name, item);
        });
        const url = params.size > 0 ? `${path}?${params}` : path;
        let req = (server.request as unknown as Record<string, (url: string) => supertest.Test>)[operation.method]!(url);
        if (token) req = req.set('Authorization', `Bearer ${token}`);
        if (key !== undefined) req = req.set('Idempotency-Key', key);
        let described = `${operation.method.toUpperCase()} ${url.slice(0, 200)} token#${input.singleFault ? 'admin' : input.token}`;
        if (raw !== undefined) {
          req = req.set('Content-Type', 'application/json').send(raw);
          described += ` raw=${JSON.stringify(raw).slice(0, 100)}`;
        } else if (body !== undefined) {
          const text = JSON.stringify(body);
          req = req.set('Content-Type', 'application/json').send(text);
          described += ` body=${text.slice(0, 200)}`;
        }
        const before = await snapshot();
        const res = await req;
        sent++;
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        check(violations, operation, described, res, before, await snapshot());
      }
    }
    console.log(
      `fuzz (seed ${seed}): ${sent} HTTP requests over ${operations.length} operations; statuses ${JSON.stringify(statuses)}; violations ${violations.length}`,
    );
    if (process.env.FUZZ_SUMMARY) {
      const groups: Record<string, number> = {};
      for (const v of violations)
        groups[`${v.status} ${v.problem} ${v.request.split(' ').slice(0, 2).join(' ').replace(/\?.*/, '')}`] =
          (groups[`${v.status} ${v.problem} ${v.request.split(' ').slice(0, 2).join(' ').replace(/\?.*/, '')}`] ?? 0) + 1;
      console.log(groups, violations.filter((v) => v.status !== 431).slice(0, 5));
    }
    expect(violations.slice(0, 20)).toEqual([]);
    // Forty requests per operation, each checked against the database: time grows with the API.
  }, 180_000);

  it('when every socket event gets hostile payloads and handshakes get hostile tokens, then acks are contract errors and the server keeps serving', async () => {
    const showtimeId = realIds[0] as string;
    const events = ['showtime:join', 'showtime:leave'];
    const problems: string[] = [];
    let sent = 0;
    const client = io(server.url, { transports: ['websocket'], auth: { token: customer.token }, reconnection: false });
    await new Promise<void>((resolve, reject) => client.once('connect', () => resolve()).once('connect_error', reject));
    try {
      for (const [index, event] of events.entries()) {
        const payloads = fc.sample(fc.oneof(nastyValue, fc.record({ showtimeId: nastyValue }), fc.constant({ showtimeId, extra: 1 })), {
          numRuns: 150,
          seed: seed + 1000 + index,
        });
        for (const payload of payloads) {
          const ack = (await client.timeout(5000).emitWithAck(event, payload)) as {
            ok: boolean;
            error?: { code: string; message: string };
          };
          sent++;
          const text = JSON.stringify(ack);
          const id = (payload as { showtimeId?: unknown } | null)?.showtimeId;
          const wellFormed = typeof id === 'string' && id.length >= 1 && id.length <= 100 && Object.keys(payload as object).length === 1;
          // Joining the real showtime succeeds, and leaving any room (joined or not) is a no-op; every
          // other payload must be answered with a contract error.
          const mayPass = event === 'showtime:leave' ? wellFormed && !controlCharacters.test(id) : id === showtimeId && wellFormed;
          const isContractError =
            ack.ok === false && (errorCodes as readonly string[]).includes(ack.error?.code ?? '') && typeof ack.error?.message === 'string';
          if (!(isContractError || (ack.ok === true && mayPass)))
            problems.push(`${event} ${JSON.stringify(payload)?.slice(0, 120)} -> ${text.slice(0, 200)}`);
          if (ack.error?.code === 'INTERNAL') problems.push(`${event} INTERNAL for ${JSON.stringify(payload)?.slice(0, 120)}`);
          for (const pattern of leakPatterns) if (pattern.test(text)) problems.push(`${event} leaks ${pattern}: ${text.slice(0, 200)}`);
        }
        // Odd call shapes: no payload, no ack, several arguments. Then the socket must still answer properly.
        client.emit(event);
        client.emit(event, showtimeId, 'extra', 42);
        sent += 2;
      }
      const ack = await client.timeout(5000).emitWithAck('showtime:join', { showtimeId });
      expect(ack.ok).toBe(true);

      const tokens = fc.sample(nastyValue, { numRuns: 40, seed: seed + 2000 });
      for (const token of tokens) {
        const socket = io(server.url, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
        const outcome = await new Promise<string>((resolve) => {
          socket.once('connect', () => resolve('connected'));
          socket.once('connect_error', (error) => resolve(error.message));
        });
        sent++;
        socket.disconnect();
        // No token at all (undefined, null, '') is an anonymous viewer; anything else that is not a valid token is refused.
        if (outcome !== 'UNAUTHENTICATED' && !(outcome === 'connected' && (token === null || token === ''))) {
          problems.push(`handshake token ${JSON.stringify(token)?.slice(0, 80)} -> ${outcome}`);
        }
      }
    } finally {
      client.disconnect();
    }
    console.log(`fuzz (seed ${seed}): ${sent} socket events and handshakes; problems ${problems.length}`);
    expect(problems.slice(0, 20)).toEqual([]);
    expect((await server.request.get('/healthz')).status).toBe(200);
  });
});
