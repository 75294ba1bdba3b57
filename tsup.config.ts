import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

// One bundle with every dependency inside, split per command: `--version` and `list` load only
// commander and the few modules they use, which keeps start-up close to bare Node.
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  splitting: true,
  bundle: true,
  noExternal: [/.*/],
  external: ['node-pty', 'playwright-core'],
  clean: true,
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: false,
  shims: false,
  define: { __AGENT_TEAM_VERSION__: JSON.stringify(pkg.version) },
  banner: { js: "import { createRequire as __agentTeamRequire } from 'node:module'; const require = __agentTeamRequire(import.meta.url);" },
});
