// The message line under the header. It sits in the page flow with its own reserved height, so it can
// never cover a seat or a button, and nothing jumps when a message comes or goes. A message leaves by
// itself after a few seconds, with its ✕ button, or when its topic is over ("C7 was just taken" goes
// when you pick again, "Cannot reach Marquee" when the server answers).
import { h, replace } from './dom';

export type MessageKind = 'info' | 'error' | 'success';
export type Topic = 'seats' | 'network' | 'hold' | 'other';

const lifetimeMs: Record<MessageKind, number> = { info: 6000, success: 8000, error: 12_000 };
let timer: ReturnType<typeof setTimeout> | undefined;
let currentTopic: Topic | undefined;

const line = () => document.getElementById('toast')!;

export function showMessage(text: string, kind: MessageKind = 'info', topic: Topic = 'other') {
  clearTimeout(timer);
  const toast = line();
  currentTopic = text ? topic : undefined;
  toast.dataset.kind = kind;
  toast.dataset.topic = currentTopic ?? '';
  if (!text) return replace(toast);
  const close = h(
    'button',
    { type: 'button', class: 'toast__close', 'aria-label': 'Dismiss message', onclick: () => showMessage('') },
    '×',
  );
  replace(toast, h('p', { class: `toast toast--${kind}` }, h('span', { 'data-testid': 'message-text' }, text), close));
  timer = setTimeout(() => showMessage(''), lifetimeMs[kind]);
}

/** Removes the message if it is about `topic`: the situation it described is over. */
export function dismissTopic(topic: Topic) {
  if (currentTopic === topic) showMessage('');
}
