import { readFileSync } from 'node:fs';
import type { Plugin } from 'esbuild';
import { defineConfig, type Options } from 'tsup';

/**
 * commander requires node:child_process when it loads, for subcommands run as separate
 * executables, which agent-team never uses. Loading that module (and net, dgram... behind it)
 * is about 5% of Node's own start-up, paid by every command; here commander gets it on first use.
 */
const lazyChildProcessForCommander: Plugin = {
  name: 'lazy-child-process-for-commander',
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-builtin' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: `let m; module.exports = new Proxy({}, { get: (_, k) => (m ??= require(${JSON.stringify(`node:${args.path}`)}))[k] });`,
      loader: 'js',
    }));
  },
};

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * Two files for the CLI and one for the dashboard's page:
 * - `cli.cjs`: the boot file (src/boot.cts), which loads the engine through V8's code cache;
 * - `engine.cjs`: every command and every dependency in one CommonJS bundle. Commands are
 *   reached through `import()`, which esbuild turns into lazily initialised modules inside the
 *   bundle, so a command runs only its own modules' top-level code. CommonJS because Node 20
 *   starts it faster than an ES module (bench/run.mjs);
 * - `ui/app.js` (+ app.css): the dashboard's page, for the browser.
 */
export default defineConfig((options) => {
  const outDir = options.outDir ?? 'dist';
  const node: Options = {
    outDir,
    format: ['cjs'],
    outExtension: () => ({ js: '.cjs' }),
    platform: 'node',
    target: 'node20',
    splitting: false,
    bundle: true,
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: false,
  };
  const builds: Options[] = [
    { ...node, entry: { cli: 'src/boot.cts' }, clean: ['!ui/**'] },
    {
      ...node,
      entry: { engine: 'src/engine.ts' },
      noExternal: [/.*/],
      external: ['node-pty', 'playwright-core'],
      esbuildPlugins: [lazyChildProcessForCommander],
      // Keep `node:` specifiers, so the plugin above sees commander's.
      removeNodeProtocol: false,
      clean: false,
      // import.meta.url in the sources becomes the bundle's own file URL.
      shims: true,
      define: { __AGENT_TEAM_VERSION__: JSON.stringify(pkg.version), __AGENT_TEAM_BUILD__: JSON.stringify(`${pkg.version}-${Date.now().toString(36)}`) },
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
