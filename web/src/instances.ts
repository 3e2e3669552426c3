// The footer line "Served by marquee-2 · live updates via marquee-3", for watching a load balancer at
// work: the instance that answered the latest API call (its X-Marquee-Instance header) and the one that
// holds the live-updates socket (its server:hello). The first may change with every call; the second
// only when the socket reconnects.
import { replace } from './dom';

const current: { page?: string; socket?: string } = {};

/** Records which instance answered; `undefined` for the socket means it is not connected. */
export function noteInstance(kind: 'page' | 'socket', id: string | null | undefined) {
  const value = id ?? undefined;
  if (current[kind] === value) return;
  current[kind] = value;
  const footer = document.getElementById('instances');
  if (!footer) return;
  footer.dataset.page = current.page ?? '';
  footer.dataset.socket = current.socket ?? '';
  const parts = [current.page && `Served by ${current.page}`, current.socket && `live updates via ${current.socket}`];
  replace(footer, parts.filter(Boolean).join(' · ') || null); // no text node at all keeps it :empty (hidden)
}
