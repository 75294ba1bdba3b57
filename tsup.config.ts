import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { defineConfig, type Options } from 'tsup';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

const commands = readdirSync(new URL('./src/commands/', import.meta.url))
  .filter((f) => f.endsWith('.ts') && f !== 'shared.ts' && f !== 'variant-flags.ts')
  .map((f) => f.slice(0, -3));

const src = fileURLToPath(new URL('./src/', import.meta.url));

/** Our imports of another bundle of the CLI stay imports (see below); everything else is bundled. */
const separateBundles: Plugin = {
  name: 'agent-team-separate-bundles',
  setup(build) {
    build.onResolve({ filter: /^\.\/(context|commands\/[a-z-]+|list-catalog)\.js$/ }, (args) =>
      // Only imports in our sources: a dependency may have a ./context.js of its own (hono does).
      args.importer.startsWith(src) ? { path: args.path, external: true } : undefined,
    );
  },
};

/**
 * The CLI is CommonJS, because Node 20 starts CommonJS several milliseconds faster than ES
 * modules (bench/run.mjs): `cli.js` holds only commander and the program, and each command is
 * its own bundle, loaded by `cli.js` when that command runs. Those few imports (`./context.js`,
 * `./commands/*`, `./list-catalog.js`) stay external, so a command loads exactly its own file;
 * everything else, every dependency included, is bundled. Code the bundles share is copied into
 * each, so errors are recognised by shape, not by class identity (core/errors.ts).
 * `dist/package.json` says these .js files are CommonJS inside this ES-module package.
 *
 * The second build is the dashboard's page (src/ui) for the browser, into <outDir>/ui/.
 */
export default defineConfig((options) => {
  const outDir = options.outDir ?? 'dist';
  const builds: Options[] = [
    {
      entry: {
        cli: 'src/cli.ts',
        context: 'src/context.ts',
        ...Object.fromEntries(commands.map((c) => [`commands/${c}`, `src/commands/${c}.ts`])),
      },
      outDir,
      format: ['cjs'],
      outExtension: () => ({ js: '.js' }),
      platform: 'node',
      target: 'node20',
      splitting: false,
      bundle: true,
      noExternal: [/.*/],
      external: ['node-pty', 'playwright-core'],
      esbuildPlugins: [separateBundles],
      // `import()` of another bundle becomes require(): loading CommonJS through import() would
      // send it through the ES module loader, which lexes the whole file for its exports.
      esbuildOptions(esbuild) {
        esbuild.supported = { ...esbuild.supported, 'dynamic-import': false };
      },
      clean: ['!ui/**'],
      minifyWhitespace: true,
      minifySyntax: true,
      sourcemap: false,
      // import.meta.url in the sources becomes each bundle's own file URL.
      shims: true,
      define: { __AGENT_TEAM_VERSION__: JSON.stringify(pkg.version) },
      onSuccess: async () => {
        mkdirSync(outDir, { recursive: true });
        writeFileSync(join(outDir, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
      },
    },
    {
      entry: { 'ui/app': 'src/ui/main.tsx' },
      outDir,
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
      esbuildOptions(esbuild) {
        esbuild.jsx = 'automatic';
        esbuild.jsxImportSource = 'preact';
      },
    },
  ];
  return builds;
});
