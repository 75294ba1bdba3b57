import fs from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { write } from './fd-write.js';

/**
 * A read-only command answered again without running it, when nothing it read has changed.
 *
 * `list` and `sync --check` are what scripts, hooks and CI ask most, and on a quiet project the
 * answer is the same every time. The first run is recorded: every file and folder it looked at
 * (with its inode, size, times and mode, taken before it was read), every environment variable
 * it asked for, and what it printed and exited with. The next run with the same arguments, in
 * the same folder, on the same build, stats those paths again; if every one is as it was and
 * every variable has its value, it prints the recorded answer without loading the engine.
 *
 * A run is recorded only when it could be replayed faithfully, so anything the record cannot see
 * makes the run unrecordable: a write outside our cache, a child process, a socket, the standard
 * streams as streams, an asynchronous file call, reading the whole environment, changing it, a
 * signal to another process, an exit before the command returned, any exit code but 0. A path changed less than two seconds before the run is
 * never trusted (its times could repeat; git's "racy" rule, as in apply/facts.ts), so a project
 * checked right after it was written is read in full. Records live in the user's cache folder,
 * are only read from a folder nobody else can write, and are safe to delete;
 * `AGENT_TEAM_NO_CACHE=1` turns them off.
 */

const FRESH_MS = 2000;
const MAX_PATHS = 50_000;
const MAX_OUTPUT = 4 * 1024 * 1024;

/** l: lstat, s: stat (follows links), r / n: realpath (JS / native). */
type Kind = 'l' | 's' | 'r' | 'n';

interface Recording {
  key: string;
  env: [name: string, value: string | null][];
  seen: [kind: Kind, path: string, stamp: string][];
  out: string;
  err: string;
  code: number;
}

export interface Replayer {
  /** True when the recorded answer was printed: the command is done. */
  replay(): boolean;
  /** Records this run; `finished` is called once the command has returned normally. */
  record(): { require: NodeJS.Require; finished(): void };
}

/** Only commands that never write the project are recorded. */
function readOnly(args: string[]): boolean {
  const word = args.find((a, i) => !a.startsWith('-') && !['-C', '--cwd'].includes(args[i - 1] ?? ''));
  return word === 'list' || word === 'ls' || (word === 'sync' && args.includes('--check'));
}

const o = {
  lstatSync: fs.lstatSync,
  statSync: fs.statSync,
  realpathSync: fs.realpathSync,
  realpathNative: fs.realpathSync.native,
  readFileSync: fs.readFileSync,
  writeFileSync: fs.writeFileSync,
  mkdirSync: fs.mkdirSync,
  renameSync: fs.renameSync,
  readdirSync: fs.readdirSync,
  rmSync: fs.rmSync,
};

function stampOf(kind: Kind, path: string): string {
  try {
    if (kind === 'r') return o.realpathSync(path);
    if (kind === 'n') return o.realpathNative(path);
    const s = kind === 'l' ? o.lstatSync(path, { throwIfNoEntry: false }) : o.statSync(path, { throwIfNoEntry: false });
    return s ? `${s.dev}:${s.ino}:${s.mode}:${s.size}:${s.mtimeMs}:${s.ctimeMs}` : '-';
  } catch (err) {
    return `!${(err as NodeJS.ErrnoException).code ?? 'error'}`;
  }
}

/** The newest of a stamp's two times, 0 for a missing path or a realpath. */
function timeOf(kind: Kind, stamp: string): number {
  if (kind === 'r' || kind === 'n' || !/^\d/.test(stamp)) return 0;
  const parts = stamp.split(':');
  return Math.max(Number(parts[4]), Number(parts[5]));
}

const MAX_RECORDS = 500;

/** Keeps the folder to a bounded number of records, dropping the oldest. */
function prune(folder: string): void {
  const names = o.readdirSync(folder);
  if (names.length <= MAX_RECORDS) return;
  const aged = names.map((n) => ({ n, t: o.statSync(join(folder, n)).mtimeMs })).sort((a, b) => a.t - b.t);
  for (const { n } of aged.slice(0, names.length - MAX_RECORDS)) o.rmSync(join(folder, n), { force: true });
}

function privateFolder(dir: string): boolean {
  try {
    const stat = o.statSync(dir);
    if (!stat.isDirectory()) return false;
    if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) return false;
    return process.platform === 'win32' || (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** 64 bits of FNV-1a, enough to name a file whose content holds the whole key. */
function fileNameOf(key: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ key.length;
  for (let i = 0; i < key.length; i += 1) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return `${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}.json`;
}

function isCharDevice(fd: number): boolean {
  try {
    return fs.fstatSync(fd).isCharacterDevice();
  } catch {
    return false;
  }
}

export function replayer(argv: string[], engine: string, cacheBase: string | undefined): Replayer | undefined {
  const args = argv.slice(2);
  if (!cacheBase || !readOnly(args)) return undefined;
  const folder = join(cacheBase, 'replay');
  const key = JSON.stringify([stampOf('s', engine), process.version, process.platform, process.arch, process.cwd(), homedir(), process.getuid?.(), [0, 1, 2].map(isCharDevice), args]);
  const file = join(folder, fileNameOf(key));
  return {
    replay() {
      if (!privateFolder(folder)) return false;
      let rec: Recording;
      try {
        rec = JSON.parse(o.readFileSync(file, 'utf8')) as Recording;
      } catch {
        return false;
      }
      if (rec.key !== key) return false;
      for (const [name, value] of rec.env) if ((Object.hasOwn(process.env, name) ? process.env[name]! : null) !== value) return false;
      for (const [kind, path, stamp] of rec.seen) if (stampOf(kind, path) !== stamp) return false;
      if (rec.out) write(1, Buffer.from(rec.out, 'base64'));
      if (rec.err) write(2, Buffer.from(rec.err, 'base64'));
      process.exitCode = rec.code;
      return true;
    },
    record: () => startRecording(key, file, folder, cacheBase, engine),
  };
}

function startRecording(key: string, file: string, folder: string, cacheBase: string, engine: string): { require: NodeJS.Require; finished(): void } {
  let blind = false;
  const seen = new Map<string, [Kind, string, string]>();
  const env = new Map<string, string | null>();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let outputBytes = 0;
  const started = Date.now();
  const cacheRoot = resolve(cacheBase) + sep;
  // Entries of the work cache are keyed by all they were made from, so an answer never depends
  // on them; the fetched sources under git/ and trees/ are content and are watched like any file.
  const ignored = (path: string) => {
    const full = resolve(path);
    if (full === engine || full === resolve(cacheBase)) return true;
    return full.startsWith(cacheRoot) && !/^(git|trees)([\\/]|$)/.test(full.slice(cacheRoot.length));
  };
  const see = (kind: Kind, path: unknown) => {
    if (typeof path !== 'string') {
      blind = true;
      return;
    }
    if (ignored(path)) return;
    const id = `${kind}${path}`;
    if (!seen.has(id)) seen.set(id, [kind, path, stampOf(kind, path)]);
    if (seen.size > MAX_PATHS) blind = true;
  };
  const ours = (path: unknown) => typeof path === 'string' && ignored(path);
  const ownFds = new Set<number>();

  const reads: Record<string, Kind> = { readFileSync: 's', statSync: 's', existsSync: 's', accessSync: 's', readdirSync: 's', opendirSync: 's', lstatSync: 'l', readlinkSync: 'l' };
  const writes: Record<string, number[]> = {
    writeFileSync: [0], appendFileSync: [0], mkdirSync: [0], mkdtempSync: [0], renameSync: [0, 1], rmSync: [0], unlinkSync: [0], rmdirSync: [0],
    copyFileSync: [1], cpSync: [1], symlinkSync: [1], linkSync: [1], chmodSync: [0], utimesSync: [0], truncateSync: [0],
  };
  const harmless = new Set(['fstatSync', 'closeSync', 'readSync', 'fsyncSync', 'fdatasyncSync', 'Stats', 'Dirent', 'Dir', 'constants']);
  const patched = fs as unknown as Record<string, unknown>;
  for (const name of Object.keys(fs)) {
    const real = patched[name];
    if (typeof real !== 'function' || harmless.has(name) || /^[A-Z]/.test(name)) continue;
    let wrapper: (...a: unknown[]) => unknown;
    if (Object.hasOwn(reads, name)) {
      wrapper = function (this: unknown, ...a) {
        if (typeof a[0] === 'number') blind = true;
        else see(reads[name]!, a[0]);
        return (real as (...x: unknown[]) => unknown).apply(this, a);
      };
    } else if (Object.hasOwn(writes, name)) {
      wrapper = function (this: unknown, ...a) {
        if (!writes[name]!.every((i) => ours(a[i]))) blind = true;
        return (real as (...x: unknown[]) => unknown).apply(this, a);
      };
    } else if (name === 'openSync') {
      wrapper = function (this: unknown, ...a) {
        const flags = a[1] ?? 'r';
        const reading = flags === 'r' || flags === fs.constants.O_RDONLY;
        if (reading) see('s', a[0]);
        else if (!ours(a[0])) blind = true;
        const fd = (real as (...x: unknown[]) => number).apply(this, a);
        if (!reading) ownFds.add(fd);
        return fd;
      };
    } else if (name === 'writeSync') {
      wrapper = function (this: unknown, ...a) {
        const fd = a[0] as number;
        if (fd !== 1 && fd !== 2) {
          if (!ownFds.has(fd)) blind = true;
          return (real as (...x: unknown[]) => unknown).apply(this, a);
        }
        let n: number;
        try {
          n = (real as (...x: unknown[]) => number).apply(this, a);
        } catch (e) {
          blind = true;
          throw e;
        }
        const data = typeof a[1] === 'string' ? Buffer.from(a[1]) : Buffer.from(a[1] as Uint8Array);
        const offset = typeof a[1] === 'string' ? 0 : ((a[2] as number | undefined) ?? 0);
        const chunk = data.subarray(offset, offset + n);
        outputBytes += chunk.length;
        if (outputBytes > MAX_OUTPUT) blind = true;
        (fd === 1 ? out : err).push(chunk);
        return n;
      };
    } else {
      // callbacks, streams, watchers, anything this list does not know
      wrapper = function (this: unknown, ...a) {
        blind = true;
        return (real as (...x: unknown[]) => unknown).apply(this, a);
      };
    }
    patched[name] = wrapper;
  }
  const realpath = (kind: Kind, real: (...a: unknown[]) => unknown) => {
    const wrapped = function (this: unknown, ...a: unknown[]) {
      see(kind, a[0]);
      return real.apply(this, a);
    };
    return wrapped;
  };
  const js = realpath('r', o.realpathSync as (...a: unknown[]) => unknown) as unknown as typeof fs.realpathSync;
  js.native = realpath('n', o.realpathNative as (...a: unknown[]) => unknown) as typeof fs.realpathSync.native;
  patched.realpathSync = js;
  for (const name of Object.keys(fs.promises)) {
    const promises = fs.promises as unknown as Record<string, unknown>;
    const real = promises[name];
    if (typeof real !== 'function') continue;
    promises[name] = function (this: unknown, ...a: unknown[]) {
      blind = true;
      return (real as (...x: unknown[]) => unknown).apply(this, a);
    };
  }

  const realEnv = process.env;
  const note = (name: string | symbol) => {
    if (typeof name === 'string' && !env.has(name)) env.set(name, Object.hasOwn(realEnv, name) ? realEnv[name]! : null);
  };
  process.env = new Proxy(realEnv, {
    get: (t, k) => (note(k), Reflect.get(t, k)),
    has: (t, k) => (note(k), Reflect.has(t, k)),
    getOwnPropertyDescriptor: (t, k) => (note(k), Reflect.getOwnPropertyDescriptor(t, k)),
    ownKeys: (t) => ((blind = true), Reflect.ownKeys(t)),
    set: (t, k, v) => ((blind = true), Reflect.set(t, k, v)),
    deleteProperty: (t, k) => ((blind = true), Reflect.deleteProperty(t, k)),
    defineProperty: (t, k, d) => ((blind = true), Reflect.defineProperty(t, k, d)),
  });
  for (const stream of ['stdin', 'stdout', 'stderr'] as const) {
    const descriptor = Object.getOwnPropertyDescriptor(process, stream);
    if (!descriptor?.get || !descriptor.configurable) {
      blind = true;
      continue;
    }
    const get = descriptor.get;
    Object.defineProperty(process, stream, { ...descriptor, get: () => ((blind = true), get.call(process)) });
  }
  const kill = process.kill;
  process.kill = (...a: Parameters<typeof process.kill>) => ((blind = true), kill.apply(process, a));
  const chdir = process.chdir;
  process.chdir = (dir: string) => ((blind = true), chdir.call(process, dir));

  // Modules that reach outside the files: loading one means the answer may depend on more.
  const outside = /^(node:)?(child_process|net|http|https|http2|tls|dgram|dns|worker_threads|cluster|inspector|readline)$/;
  const traced = ((id: string) => {
    if (outside.test(id)) blind = true;
    return require(id);
  }) as NodeJS.Require;
  Object.assign(traced, require);

  // Saved when the command returns, before anything that runs at exit (a preloaded hook's
  // output is not the command's).
  const save = () => {
    const code = Number(process.exitCode ?? 0);
    // Only a clean answer is repeated: a refusal or a failure may have causes a record cannot see.
    if (blind || code !== 0) return;
    const newest = Math.max(0, ...[...seen.values()].map(([kind, , stamp]) => timeOf(kind, stamp)));
    if (started - newest <= FRESH_MS) return;
    const rec: Recording = {
      key,
      env: [...env],
      seen: [...seen.values()],
      out: Buffer.concat(out).toString('base64'),
      err: Buffer.concat(err).toString('base64'),
      code,
    };
    try {
      o.mkdirSync(folder, { recursive: true, mode: 0o700 });
      if (!privateFolder(folder)) return;
      const tmp = `${file}.${process.pid}.tmp`;
      o.writeFileSync(tmp, JSON.stringify(rec), { mode: 0o600 });
      o.renameSync(tmp, file);
      prune(folder);
    } catch {
      // a read-only home only costs the next run its work
    }
  };
  return {
    require: traced,
    finished: () => {
      save();
      blind = true;
    },
  };
}
