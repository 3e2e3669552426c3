// A bounded load of real buyers against a cluster, for the fault tests: each client holds a free seat,
// buys half of what it holds (a purchase whose answer was lost is retried with its key until it is
// definite), and lets the rest expire. Everything a client was told is recorded, so a test can check
// afterwards that nothing acknowledged was lost or doubled.
import { randomUUID } from 'node:crypto';

export type Answer = { status: number; body: any; instance: string | null; networkError?: string };

export async function call(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; key?: string } = {},
): Promise<Answer> {
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.key ? { 'idempotency-key': options.key } : {}),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = { notJson: text.slice(0, 200) };
    }
    return { status: res.status, body, instance: res.headers.get('x-marquee-instance') };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      status: 0,
      body: undefined,
      instance: null,
      networkError: `${method} ${path.replace(/[0-9a-f-]{36}/g, ':id')}: ${(error as Error).message} (${cause?.code ?? cause?.message ?? 'no cause'}) at ${new Date().toISOString()}`,
    };
  }
}

export async function setUpShowtime(url: string, rows: number, seatsPerRow: number) {
  const admin = (await call(url, 'POST', '/api/auth/login', { body: { email: 'admin@cluster.test', password: 'admin-password' } })).body
    .token;
  const movie = (
    await call(url, 'POST', '/api/movies', { token: admin, body: { title: `Film ${randomUUID()}`, durationMinutes: 90, rating: 'PG' } })
  ).body.movie;
  const layout = {
    name: `Room ${randomUUID()}`,
    sections: [{ name: 'S', priceCents: 1000 }],
    rows: Array.from({ length: rows }, (_, i) => ({ label: String.fromCharCode(65 + i), seats: seatsPerRow, section: 'S' })),
  };
  const room = (await call(url, 'POST', '/api/auditoriums', { token: admin, body: layout })).body.auditorium;
  const startsAt = new Date(Date.now() + 86_400_000 * (2 + Math.random() * 300)).toISOString();
  const showtime = (
    await call(url, 'POST', '/api/showtimes', { token: admin, body: { movieId: movie.id, auditoriumId: room.id, startsAt } })
  ).body.showtime;
  const labels = layout.rows.flatMap((row) => Array.from({ length: seatsPerRow }, (_, i) => `${row.label}${i + 1}`));
  return { showtime, labels };
}

export async function registerUsers(url: string, count: number): Promise<string[]> {
  const answers = await Promise.all(
    Array.from({ length: count }, () =>
      call(url, 'POST', '/api/auth/register', { body: { email: `u-${randomUUID()}@cluster.test`, password: 'password-1', name: 'U' } }),
    ),
  );
  return answers.map((answer) => {
    if (answer.status !== 201) throw new Error(`register answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body.token as string;
  });
}

export type LoadRecord = {
  statuses: Record<string, number>;
  networkErrors: number;
  networkErrorMessages: string[];
  holds: { id: string; seat: string; token: string; expiresAt: number; instance: string | null }[];
  bookings: { id: string; holdId: string; token: string }[];
  purchasesRetried: number;
};

/** Runs `clients` buyers for `durationMs` (and at most `maxRequests` requests), calling `during` once in the middle. */
export async function runBuyers(options: {
  url: string;
  showtimeId: string;
  labels: string[];
  tokens: string[];
  durationMs: number;
  maxRequests: number;
  during?: { atMs: number; action: () => Promise<void> | void };
}): Promise<LoadRecord> {
  const record: LoadRecord = { statuses: {}, networkErrors: 0, networkErrorMessages: [], holds: [], bookings: [], purchasesRetried: 0 };
  const count = (answer: Answer) => {
    const key = answer.networkError ? 'network' : String(answer.status);
    record.statuses[key] = (record.statuses[key] ?? 0) + 1;
    if (answer.networkError) {
      record.networkErrors++;
      record.networkErrorMessages.push(answer.networkError);
    }
  };
  const started = Date.now();
  let sent = 0;
  const running = () => Date.now() - started < options.durationMs && sent < options.maxRequests;
  const during = options.during
    ? new Promise<void>((done) => setTimeout(() => void Promise.resolve(options.during?.action()).then(done), options.during?.atMs))
    : Promise.resolve();

  async function buyer(token: string, n: number) {
    while (running()) {
      const seat = options.labels[Math.floor(Math.random() * options.labels.length)] as string;
      sent++;
      const held = await call(options.url, 'POST', `/api/showtimes/${options.showtimeId}/holds`, { token, body: { seats: [seat] } });
      count(held);
      if (held.status !== 201) {
        await new Promise((next) => setTimeout(next, 20)); // a person picks another seat
        continue;
      }
      record.holds.push({ id: held.body.hold.id, seat, token, expiresAt: Date.parse(held.body.hold.expiresAt), instance: held.instance });
      if ((n + sent) % 2 === 1) continue; // this one is left to expire
      const key = randomUUID();
      // A purchase whose answer was lost (the instance died under it, or the database was away) is
      // retried with its key until the answer is definite, as the contract invites.
      for (let attempt = 0; attempt < 200; attempt++) {
        sent++;
        const bought = await call(options.url, 'POST', `/api/holds/${held.body.hold.id}/purchase`, { token, body: {}, key });
        count(bought);
        if (bought.status === 201) record.bookings.push({ id: bought.body.booking.id, holdId: held.body.hold.id, token });
        if (bought.status !== 0 && bought.status !== 503 && bought.status !== 409) break;
        if (bought.status === 409 && bought.body?.error?.code !== 'IDEMPOTENCY_IN_PROGRESS') break;
        record.purchasesRetried++;
        await new Promise((next) => setTimeout(next, 100));
      }
    }
  }
  await Promise.all([...options.tokens.map((token, n) => buyer(token, n)), during]);
  return record;
}
