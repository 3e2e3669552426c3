// A tiny helper to build DOM nodes without a framework: h('button', { onclick }, 'Buy').
type Child = Node | string | number | false | null | undefined;
type Props = Record<string, unknown>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      element.addEventListener(key.slice(2), value as EventListener);
    } else if (key === 'class') {
      element.className = String(value);
    } else if (key === 'style' && typeof value === 'object') {
      Object.assign(element.style, value);
    } else if (key === 'value' && element instanceof HTMLInputElement) {
      element.defaultValue = String(value); // survives form.reset()
    } else if (key === 'value' || key === 'checked' || key === 'disabled') {
      (element as unknown as Record<string, unknown>)[key] = value;
    } else {
      element.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]) {
  for (const child of children) {
    if (child === false || child === null || child === undefined) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces everything inside `parent` with `children`. */
export function replace(parent: Node, ...children: Child[]) {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, children);
}

// Prices arrive as integers in the currency's minor unit (cents); CURRENCY on the server says which
// currency (GET /api/settings, loaded once at start by main.ts). USD until then.
let moneyFormat = { digits: 2, format: new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }) };

export function setCurrency(currency: string, minorUnitDigits = 2) {
  try {
    moneyFormat = { digits: minorUnitDigits, format: new Intl.NumberFormat(undefined, { style: 'currency', currency }) };
  } catch {
    // An unknown code in this browser: keep the previous format rather than break every price.
  }
}

/** "$12.50" (or "12,50 €", by the browser's locale) for 1250 minor units of the configured currency. */
export const money = (cents: number) => moneyFormat.format.format(cents / 10 ** moneyFormat.digits);

export function formatDateTime(iso: string) {
  return new Date(iso).toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/** "4:05" for a number of seconds left, never negative. */
export function formatCountdown(secondsLeft: number) {
  const seconds = Math.max(0, Math.ceil(secondsLeft));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** A random UUID. crypto.randomUUID exists only on https or localhost; a class demo on a LAN address is neither. */
export function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
