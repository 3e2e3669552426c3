// What every screen shares: the signed-in user, the status message line, navigation between screens.
import { api, session, type User } from './api';
import { h, replace } from './dom';
import { connectRealtime } from './realtime';
import { showMessage, type MessageKind, type Topic } from './toast';

let currentUser: User | null = null;
let onNavigate: (path: string) => void = () => undefined;

export const user = () => currentUser;

export async function loadUser() {
  if (!session.token) return (currentUser = null);
  try {
    currentUser = (await api.me()).user;
  } catch {
    session.token = null;
    currentUser = null;
  }
  return currentUser;
}

export function signIn(token: string, signedIn: User) {
  session.token = token;
  currentUser = signedIn;
  connectRealtime(token);
  renderNav();
}

export function signOut() {
  session.token = null;
  currentUser = null;
  connectRealtime(null);
  renderNav();
  navigate('/');
}

/** Shows a sentence in the message line (toast.ts); `kind` sets its colour and icon; it goes by itself. */
export function say(text: string, kind: MessageKind = 'info', topic?: Topic) {
  showMessage(text, kind, topic ?? (/^Cannot reach/.test(text) ? 'network' : 'other'));
}

export const clearMessage = () => say('');

export function setNavigator(handler: (path: string) => void) {
  onNavigate = handler;
}

export function navigate(path: string) {
  if (location.pathname + location.search !== path) history.pushState(null, '', path);
  onNavigate(path);
}

export function link(path: string, text: string, props: Record<string, unknown> = {}) {
  return h(
    'a',
    {
      href: path,
      ...props,
      onclick: (event: MouseEvent) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(path);
      },
    },
    text,
  );
}

export function renderNav() {
  const nav = document.getElementById('nav')!;
  const signedIn = currentUser;
  replace(
    nav,
    link('/', 'Showtimes'),
    signedIn && link('/bookings', 'My bookings', { 'data-testid': 'nav-bookings' }),
    signedIn?.role === 'admin' && link('/admin', 'Admin', { 'data-testid': 'nav-admin' }),
    signedIn?.role === 'admin' && link('/classroom', 'Classroom', { 'data-testid': 'nav-classroom' }),
    (signedIn?.role === 'staff' || signedIn?.role === 'admin') && link('/door', 'Door', { 'data-testid': 'nav-door' }),
    signedIn
      ? h('span', { class: 'who', 'data-testid': 'signed-in-as' }, signedIn.name)
      : link('/login', 'Sign in', { 'data-testid': 'nav-sign-in' }),
    signedIn && h('button', { type: 'button', class: 'link-button', onclick: signOut }, 'Sign out'),
  );
}
