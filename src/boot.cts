import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { replayer } from './cli/replay.js';

/**
 * The CLI's first file: it loads the engine (one bundle holding every command) and runs it.
 *
 * Node 20 parses a 1 MB bundle in about 18 ms, a third of its own start-up. V8 can skip that
 * with a code cache, which Node 20 offers only through `vm.Script` (its built-in compile cache
 * arrives in Node 22), so the engine is compiled here with the cache of an earlier run. The
 * cache is bytecode that runs as our code, so it is only ever read from a folder the current
 * user owns and nobody else can write; anything odd and it is simply not used.
 */
const ENGINE = join(__dirname, 'engine.cjs');

function cacheFolder(): string | undefined {
  if (process.env.AGENT_TEAM_NO_CACHE) return undefined;
  const base = process.env.AGENT_TEAM_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'agent-team');
  return base;
}

/** True for a folder of ours that no other user can write into. */
function privateFolder(dir: string): boolean {
  try {
    const stat = statSync(dir);
    if (!stat.isDirectory()) return false;
    if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) return false;
    return process.platform === 'win32' || (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/**
 * Each command keeps a cache of its own: a cache holds the functions its first run compiled,
 * so one shared cache would serve whichever command happened to run first.
 */
function commandOf(argv: string[]): string {
  const word = argv.slice(2).find((a, i, all) => !a.startsWith('-') && !['-C', '--cwd'].includes(all[i - 1] ?? ''));
  return word && /^[a-z]{1,20}$/.test(word) ? word : 'default';
}

function loadEngine(engineRequire: NodeJS.Require): { main(argv: string[]): Promise<void> } {
  // The build makes the engine pure ASCII (tsup.config.ts): latin1 reads it at half the cost of UTF-8.
  const source = readFileSync(ENGINE, 'latin1');
  const folder = cacheFolder();
  const stat = statSync(ENGINE);
  const cacheFile = folder && join(folder, `engine-${stat.size}-${Math.trunc(stat.mtimeMs)}-${commandOf(process.argv)}.v8`);
  let cachedData: Buffer | undefined;
  if (cacheFile && privateFolder(folder!)) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // first run, or the cache was cleared: compile from source
    }
  }
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapper, { filename: ENGINE, cachedData });
  const engine = { exports: {} as Record<string, unknown> };
  script.runInThisContext().call(engine.exports, engine.exports, engineRequire, engine, ENGINE, dirname(ENGINE));
  if (cacheFile && (!cachedData || script.cachedDataRejected)) {
    // Written once the command has run, so the functions it used are in the cache too.
    process.once('exit', () => saveCache(folder!, cacheFile, script));
  }
  return engine.exports as unknown as { main(argv: string[]): Promise<void> };
}

function saveCache(folder: string, file: string, script: Script): void {
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    if (!privateFolder(folder)) return;
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    renameSync(tmp, file);
    // Caches of earlier builds are never read again.
    const build = /^(engine-\d+-\d+-)/.exec(file.slice(folder.length + 1))![1]!;
    for (const name of readdirSync(folder)) {
      if (/^engine-.*\.v8$/.test(name) && !name.startsWith(build)) rmSync(join(folder, name), { force: true });
    }
  } catch {
    // a read-only home or a full disk only costs the next start-up some milliseconds
  }
}

const folder = cacheFolder();
// AGENT_TEAM_NO_REPLAY=1 reads everything again (the bench uses it to show a full run's cost).
const again = process.env.AGENT_TEAM_NO_REPLAY ? undefined : replayer(process.argv, ENGINE, folder);
if (!again?.replay()) {
  const recording = again?.record();
  void loadEngine(recording?.require ?? require)
    .main(process.argv)
    .then(() => recording?.finished());
}
