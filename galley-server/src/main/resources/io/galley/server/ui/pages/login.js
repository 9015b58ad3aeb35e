// The sign-in page, shown in place of any page whose data needs a signed-in user. Failed attempts
// are slowed by the server per address; its answer (wrong credentials, wait N s) is shown as is.
import { h, clear, errorBox } from '../dom.js';
import * as api from '../api.js';

export const title = 'Sign in';

export function render({ main, onSignedIn }) {
  clear(main);
  const user = h('input', {
    name: 'username', autocomplete: 'username', required: true, dataset: { testid: 'login-username' },
  });
  const password = h('input', {
    name: 'password', type: 'password', autocomplete: 'current-password', required: true,
    dataset: { testid: 'login-password' },
  });
  const error = h('div', { dataset: { testid: 'login-error-slot' } });
  const submit = h('button', { type: 'submit', class: 'primary', dataset: { testid: 'login-submit' } },
    'Sign in');
  const form = h('form', { class: 'login', dataset: { testid: 'login-form' } },
    h('h1', null, 'Sign in to Galley'),
    h('label', null, 'User name', user),
    h('label', null, 'Password', password),
    submit, error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    clear(error);
    try {
      await api.login(user.value, password.value);
      await onSignedIn();
    } catch (e) {
      const box = errorBox(e);
      box.dataset.testid = 'login-error';
      error.append(box);
      password.value = '';
      submit.disabled = false;
    }
  });
  main.append(form);
  user.focus();
}
