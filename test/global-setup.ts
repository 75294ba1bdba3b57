import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Integration tests spawn the built CLI, so build it once from the current sources.
export default function setup(): void {
  if (process.env.AGENT_TEAM_SKIP_BUILD === '1') return;
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, [fileURLToPath(new URL('../node_modules/tsup/dist/cli-default.js', import.meta.url))], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
