import { render } from 'preact';
import { takeToken } from './api.js';
import { App } from './app.js';
import { applyStoredTheme } from './components/theme.js';
import './styles.css';

applyStoredTheme();
const root = document.getElementById('app')!;
if (takeToken()) render(<App />, root);
else {
  render(
    <main class="no-token">
      <h1>Open the dashboard with its token</h1>
      <p>
        This page needs the address that <code>agent-team ui</code> printed, including <code>?token=…</code>. The token is new every time the dashboard starts.
      </p>
    </main>,
    root,
  );
}
