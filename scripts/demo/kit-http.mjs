// The demos' HTTP side: one request as a person (its own made-up address, its token), registering many
// people at once, and reading a summed counter from the service's /metrics.

export const metricsToken = 'demo-only-metrics-token-0123456789';

/** A made-up client address per person (the demo services run with TRUST_PROXY=1, as behind one balancer). */
export const addressOf = (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

/** Registers `count` people, 20 at a time, each from its own address; returns [{ index, id, token, ip }]. */
export async function registerPeople(url, count, prefix, firstIndex = 1) {
  const people = [];
  const stamp = Date.now().toString(36);
  for (let i = 0; i < count; i += 20) {
    const batch = Array.from({ length: Math.min(20, count - i) }, (_, j) => firstIndex + i + j);
    const made = await Promise.all(
      batch.map(async (index) => {
        const ip = addressOf(index);
        const body = { email: `${prefix}-${index}-${stamp}@demo.test`, password: 'demo-password-123', name: `${prefix} ${index}` };
        const response = await fetch(`${url}/api/auth/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
          body: JSON.stringify(body),
        });
        const answer = await response.json();
        if (response.status !== 201) throw new Error(`register answered ${response.status}: ${JSON.stringify(answer)}`);
        return { index, id: answer.user.id, token: answer.token, ip, email: body.email };
      }),
    );
    people.push(...made);
  }
  return people;
}

/** One HTTP request as a person: { status, body, ms, at } (at = when the answer arrived, epoch ms). */
export async function request(url, method, path, { person, body, headers = {} } = {}) {
  const started = performance.now();
  try {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(person?.ip ? { 'x-forwarded-for': person.ip } : {}),
        ...(person?.token ? { authorization: `Bearer ${person.token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return {
      status: response.status,
      body: json,
      ms: performance.now() - started,
      at: Date.now(),
      instance: response.headers.get('x-marquee-instance'),
      rateLimit: response.headers.get('ratelimit'),
      readFrom: response.headers.get('x-marquee-read-from'),
    };
  } catch (error) {
    return { status: 0, error: error.cause?.code ?? error.message, ms: performance.now() - started, at: Date.now() };
  }
}

/** Sums a labelled Prometheus counter from /metrics, optionally only samples whose labels match `where`. */
export async function metricSum(url, name, where = {}) {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z0-9_:]+)(?:\{([^}]*)\})? ([0-9.eE+-]+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(where).every(([k, v]) => labels[k] === v)) sum += Number(match[3]);
  }
  return sum;
}
