import { readFileSync } from 'node:fs';
import type { Plugin } from 'esbuild';
import { defineConfig, type Options } from 'tsup';

type TsupPlugin = NonNullable<Options['plugins']>[number];

/**
 * Built-in modules loaded on first use instead of when the bundle starts, each costing about 5%
 * of Node's own start-up, paid by every command:
 * - node:child_process brings net, dgram... with it: commander requires it when it loads, for
 *   subcommands run as separate executables, which agent-team never uses, and agent-team runs
 *   git only to read a merge base or fetch a source;
 * - node:tty brings net with it, and the CLI asks it only when a descriptor is a character device
 *   (cli/stdio.ts).
 */
const LAZY_BUILTINS: Record<string, { importer: RegExp; functions: string[] }> = {
  child_process: { importer: /[\\/](node_modules[\\/]commander[\\/]|src[\\/])/, functions: ['spawn', 'execFileSync'] },
  tty: { importer: /[\\/]src[\\/]cli[\\/]stdio\.ts$/, functions: ['isatty'] },
};

/** Each listed function of the module, as a function that loads the module when first called. */
const lazyBuiltins: Plugin = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: /^(node:)?(child_process|tty)$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      return Object.hasOwn(LAZY_BUILTINS, name) && LAZY_BUILTINS[name]!.importer.test(args.importer) ? { path: name, namespace: 'lazy-builtin' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: [
        `let m; const load = () => (m ??= require(${JSON.stringify(`node:${args.path}`)}));`,
        ...LAZY_BUILTINS[args.path]!.functions.map((f) => `export function ${f}(...a) { return load().${f}(...a); }`),
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/**
 * The node bundles in pure ASCII: boot.cts reads the engine as latin1, half the work of decoding
 * UTF-8, and V8 keeps it as a one-byte string. esbuild's `charset: 'ascii'` leaves regular
 * expression literals alone (a dependency's `/…/` stays), so every other character becomes its
 * \u escape, which means the same character in strings, templates, regular expressions (with or
 * without the u flag, where an escaped surrogate pair is one code point) and identifiers.
 */
const asciiOnly: TsupPlugin = {
  name: 'ascii-only',
  renderChunk(code) {
    return { code: code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) };
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
    plugins: [asciiOnly],
  };
  const builds: Options[] = [
    { ...node, entry: { cli: 'src/boot.cts' }, clean: ['!ui/**'] },
    {
      ...node,
      entry: { engine: 'src/engine.ts' },
      noExternal: [/.*/],
      external: ['node-pty', 'playwright-core'],
      esbuildPlugins: [lazyBuiltins],
      // Keep `node:` specifiers, so the plugin above sees them.
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
