// Scenario builders. Each test makes its own data through these; ids and emails are unique per call.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../src/context';
import type { AuditoriumInput } from '../../src/modules/catalog';

type Requester = { post(path: string): import('supertest').Test };
let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${randomUUID().slice(0, 4)}`;

export type TestUser = { id: string; email: string; token: string; auth: { Authorization: string } };

/** Registers a customer through the API and returns its token. */
export async function registerUser(request: Requester, name = 'Customer'): Promise<TestUser> {
  const email = `user-${unique()}@example.test`;
  const res = await request.post('/api/auth/register').send({ email, password: 'password-123', name });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.user.id, email, token: res.body.token, auth: { Authorization: `Bearer ${res.body.token}` } };
}

export async function registerUsers(request: Requester, count: number): Promise<TestUser[]> {
  const users: TestUser[] = [];
  // Sequential in small batches: registering hashes a password, which is CPU work.
  for (let i = 0; i < count; i += 20) {
    users.push(...(await Promise.all(Array.from({ length: Math.min(20, count - i) }, () => registerUser(request)))));
  }
  return users;
}

/** An admin made the way the first admin is made (config/seed), then logged in through the API. */
export async function createAdmin(context: AppContext, request: Requester): Promise<TestUser> {
  const email = `admin-${unique()}@example.test`;
  const user = await context.services.auth.ensureAdmin(email, 'admin-password-1');
  const res = await request.post('/api/auth/login').send({ email, password: 'admin-password-1' });
  return { id: user.id, email, token: res.body.token, auth: { Authorization: `Bearer ${res.body.token}` } };
}

export function gridLayout(rows: number, seatsPerRow: number, priceCents = 1000): AuditoriumInput {
  return {
    name: `Room ${unique()}`,
    sections: [{ name: 'Standard', priceCents }],
    rows: Array.from({ length: rows }, (_, i) => ({
      label: String.fromCharCode(65 + i),
      seats: seatsPerRow,
      section: 'Standard',
      offset: 0,
      gapsAfter: [],
      accessible: [],
    })),
  };
}

/** A showtime starting in `startsInMinutes` in a rows x seatsPerRow room, made through the services. */
export async function createShowtime(
  context: AppContext,
  options: { rows?: number; seatsPerRow?: number; priceCents?: number; startsInMinutes?: number; layout?: AuditoriumInput } = {},
) {
  const { catalog } = context.services;
  const movie = await catalog.createMovie({ title: `Film ${unique()}`, durationMinutes: 100, rating: 'PG' });
  const auditorium = await catalog.createAuditorium(
    options.layout ?? gridLayout(options.rows ?? 3, options.seatsPerRow ?? 10, options.priceCents),
  );
  const now = context.clock.now();
  const startsAt = new Date(now.getTime() + (options.startsInMinutes ?? 24 * 60) * 60_000);
  return catalog.createShowtime({ movieId: movie.id, auditoriumId: auditorium.id, startsAt: startsAt.toISOString() }, now);
}
