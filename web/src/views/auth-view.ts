// Sign in or register. The token goes to localStorage; then back to where the user was heading.
import { api, ApiError } from '../api';
import { navigate, say, signIn } from '../app-shell';
import { h, replace } from '../dom';
import { describeError } from '../messages';

export function showAuth(main: HTMLElement, next: string) {
  let mode: 'login' | 'register' = 'login';

  function draw() {
    const registering = mode === 'register';
    const form = h(
      'form',
      { class: 'card auth', 'data-testid': 'auth-form', onsubmit: submit },
      h('h1', {}, registering ? 'Create an account' : 'Sign in'),
      registering && field('Name', h('input', { name: 'name', autocomplete: 'name', required: true, maxlength: 100 })),
      field('Email', h('input', { name: 'email', type: 'email', autocomplete: 'email', required: true })),
      field(
        'Password',
        h('input', {
          name: 'password',
          type: 'password',
          required: true,
          minlength: registering ? 8 : 1,
          autocomplete: registering ? 'new-password' : 'current-password',
        }),
      ),
      h('button', { type: 'submit', class: 'primary', 'data-testid': 'auth-submit' }, registering ? 'Create account' : 'Sign in'),
      h(
        'p',
        {},
        registering ? 'Have an account? ' : 'New here? ',
        h(
          'button',
          {
            type: 'button',
            class: 'link-button',
            'data-testid': 'auth-switch',
            onclick: () => {
              mode = registering ? 'login' : 'register';
              draw();
            },
          },
          registering ? 'Sign in' : 'Create an account',
        ),
      ),
    );
    replace(main, form);
    form.querySelector('input')?.focus();
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const email = String(data.get('email'));
    const password = String(data.get('password'));
    try {
      const result =
        mode === 'register'
          ? await api.register({ email, password, name: String(data.get('name')) })
          : await api.login({ email, password });
      signIn(result.token, result.user);
      navigate(next.startsWith('/') ? next : '/');
    } catch (error) {
      if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') say('Wrong email or password.', 'error');
      else say(describeError(error), 'error');
    }
  }

  draw();
}

export function field(label: string, input: HTMLElement, hint?: string) {
  return h('label', { class: 'field' }, h('span', {}, label), input, hint && h('small', {}, hint));
}
