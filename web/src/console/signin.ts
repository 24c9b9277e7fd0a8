// Sign-in form: checks the key against the API (an operator-only route) before keeping it.
import { Api, ApiError } from '../shared/api.js';
import { h } from '../shared/format.js';
import { session } from './session.js';

export function renderSignIn(root: HTMLElement, onSignedIn: (api: Api) => void): void {
  const keyInput = h('input', { id: 'api-key', name: 'apiKey', type: 'password', autocomplete: 'off', required: true, 'aria-describedby': 'api-key-help' });
  const tileInput = h('input', { id: 'tile-url', name: 'tileUrl', type: 'url', placeholder: 'https://tile.example.org/{z}/{x}/{y}.png', 'aria-describedby': 'tile-help' });
  tileInput.value = session.tileUrl() ?? '';
  const error = h('p', { id: 'signin-error', class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h(
    'form',
    { class: 'signin-form', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Relais operator console'),
    h('label', { for: 'api-key' }, 'Operator API key'),
    keyInput,
    h('p', { id: 'api-key-help', class: 'help' }, 'Kept in this browser tab only (session storage). Create one with ', h('code', {}, 'relais keys create --role operator'), '.'),
    h('label', { for: 'tile-url' }, 'Map tile URL (optional)'),
    tileInput,
    h('p', { id: 'tile-help', class: 'help' }, 'Leave empty for the plain offline map. With a URL, tiles are fetched from that server.'),
    error,
    submit,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    const key = keyInput.value.trim();
    if (!key) {
      error.textContent = 'Enter an API key.';
      keyInput.focus();
      return;
    }
    submit.disabled = true;
    const api = new Api(key);
    try {
      await api.get('/v1/hubs', { limit: 1 });
      session.setKey(key);
      session.setTileUrl(tileInput.value.trim());
      onSignedIn(api);
    } catch (e) {
      error.textContent =
        e instanceof ApiError && e.status === 401
          ? 'This key is unknown or revoked.'
          : e instanceof ApiError && e.status === 403
            ? 'This key is not an operator key.'
            : `Cannot reach the API: ${(e as Error).message}`;
      keyInput.focus();
    } finally {
      submit.disabled = false;
    }
  });
  root.replaceChildren(h('main', { class: 'signin', id: 'main' }, form));
  keyInput.focus();
}
