// Entry point of the operator console: sign in (or reuse this tab's key), then the console.
import { Api } from '../shared/api.js';
import '../shared/styles.css';
import { startConsole } from './app.js';
import { discoverFeatures } from './features.js';
import { session } from './session.js';
import { renderSignIn } from './signin.js';

const root = document.getElementById('app')!;

function showSignIn(): void {
  document.body.className = 'page-signin';
  renderSignIn(root, (api) => showConsole(api));
}

function showConsole(api: Api): void {
  document.body.className = 'page-console';
  void discoverFeatures().then((found) => startConsole(root, api, found, showSignIn));
}

const key = session.key();
if (key) showConsole(new Api(key));
else showSignIn();
