import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

// One bundle with every dependency inside, split per command: `--version` and `list` load only
// commander and the few modules they use, which keeps start-up close to bare Node.
// The second entry is the dashboard's page (src/ui), built for the browser into <outDir>/ui/;
// it shares the output folder so `--out-dir` (the tests' per-run builds) moves both together,
// and the CLI build's clean leaves that subfolder to the page's build.
export default defineConfig([
  {
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    splitting: true,
    bundle: true,
    noExternal: [/.*/],
    external: ['node-pty', 'playwright-core'],
    clean: ['!ui/**'],
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: false,
    shims: false,
    define: { __AGENT_TEAM_VERSION__: JSON.stringify(pkg.version) },
    banner: { js: "import { createRequire as __agentTeamRequire } from 'node:module'; const require = __agentTeamRequire(import.meta.url);" },
  },
  {
    entry: { 'ui/app': 'src/ui/main.tsx' },
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    splitting: false,
    bundle: true,
    noExternal: [/.*/],
    clean: false,
    minify: true,
    sourcemap: false,
    shims: false,
    esbuildOptions(options) {
      options.jsx = 'automatic';
      options.jsxImportSource = 'preact';
    },
  },
]);
