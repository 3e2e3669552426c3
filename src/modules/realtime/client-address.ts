// The client's IP for a socket handshake, decided exactly as Express decides req.ip with
// `app.set('trust proxy', TRUST_PROXY)` (a hop count): the addresses are the TCP peer followed by the
// X-Forwarded-For entries from right to left, and the client is the one TRUST_PROXY hops in, or the
// leftmost entry when the header has fewer. With 0 the header is ignored: anyone can write it.

type Handshake = { address: string | undefined; headers: Record<string, string | string[] | undefined> };

export function clientAddress(handshake: Handshake, trustedHops: number): string {
  const peer = handshake.address ?? 'unknown';
  if (trustedHops === 0) return peer;
  const header = handshake.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    // Only spaces are trimmed and empty entries skipped, like the `forwarded` parser Express uses.
    .map((entry) => entry.replace(/^ +| +$/g, ''))
    .filter((entry) => entry !== '')
    .reverse();
  const addresses = [peer, ...forwarded];
  return addresses[Math.min(trustedHops, addresses.length - 1)]!;
}
