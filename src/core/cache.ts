import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from './hash.js';
import { BUILD, VERSION } from './version.js';

/**
 * Work done once and kept: a library compiled to its catalog, a team file parsed and checked, an
 * agent rendered. Each entry is keyed by a hash of everything it was made from (and this
 * version of agent-team), so a stale entry is never found, only a missing one. Kept per user,
 * outside any project (nothing to commit), in a folder nobody else can write; safe to delete at
 * any time. `AGENT_TEAM_NO_CACHE=1` turns it off, `AGENT_TEAM_CACHE_DIR` moves it.
 */
const MAX_ENTRIES_PER_KIND = 500;
/** And each kind to this many bytes: a library of 20,000 skills makes entries of several MB. */
const MAX_BYTES_PER_KIND = 256 * 1024 * 1024;
/** An entry at least this big has the kind's size checked after it is written. */
const BIG_ENTRY = 1024 * 1024;

let folder: string | null | undefined;

function cacheFolder(): string | null {
  if (folder !== undefined) return folder;
  if (process.env.AGENT_TEAM_NO_CACHE) return (folder = null);
  const base = process.env.AGENT_TEAM_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'agent-team');
  try {
    mkdirSync(base, { recursive: true, mode: 0o700 });
    const stat = statSync(base);
    const ours = typeof process.getuid !== 'function' || stat.uid === process.getuid();
    folder = stat.isDirectory() && ours && (process.platform === 'win32' || (stat.mode & 0o022) === 0) ? base : null;
  } catch {
    folder = null;
  }
  return folder;
}

function entryPath(kind: string, key: string): string | null {
  const base = cacheFolder();
  return base ? join(base, kind, `${sha256(`${VERSION}\0${BUILD}\0${key}`)}.json`) : null;
}

/** The value stored for this key, or undefined. A damaged entry counts as missing. */
export function cacheGet<T>(kind: string, key: string): T | undefined {
  const path = entryPath(kind, key);
  if (!path) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export function cachePut(kind: string, key: string, value: unknown): void {
  const path = entryPath(kind, key);
  if (!path) return;
  try {
    const dir = join(cacheFolder()!, kind);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${path}.${process.pid}.tmp`;
    const text = JSON.stringify(value);
    writeFileSync(tmp, text, { mode: 0o600 });
    renameSync(tmp, path);
    prune(dir, text.length >= BIG_ENTRY);
  } catch {
    // a full disk or a read-only home only costs the next run the work
  }
}

/**
 * Keeps each kind to a bounded number of entries and bytes, dropping the oldest. The bytes are
 * counted only after a big entry is written (`big`): small kinds never stat their entries.
 */
export function prune(dir: string, big: boolean, limits = { entries: MAX_ENTRIES_PER_KIND, bytes: MAX_BYTES_PER_KIND }): void {
  const names = readdirSync(dir);
  if (names.length <= limits.entries && !big) return;
  const aged = names
    .map((n) => {
      const stat = statSync(join(dir, n), { throwIfNoEntry: false });
      return { n, t: stat?.mtimeMs ?? 0, size: stat?.size ?? 0 };
    })
    .sort((a, b) => a.t - b.t);
  let count = aged.length;
  let bytes = aged.reduce((sum, e) => sum + e.size, 0);
  // The newest entry (the one just written) always stays.
  for (const entry of aged.slice(0, -1)) {
    if (count <= limits.entries && bytes <= limits.bytes) break;
    rmSync(join(dir, entry.n), { force: true });
    count -= 1;
    bytes -= entry.size;
  }
}

/** Computes once per key: from the cache when it has the value, else by `compute`, which is then stored. */
export function cached<T>(kind: string, key: string, compute: () => T): T {
  const hit = cacheGet<T>(kind, key);
  if (hit !== undefined) return hit;
  const value = compute();
  cachePut(kind, key, value);
  return value;
}

/**
 * Small facts read and written as cache entries once per command: the hashes of a project's files
 * (apply/facts.ts), kept per project, and the hashes of rendered agents (render/project.ts), kept
 * per catalog and templates (`renderScope`) — a render depends on nothing else, so a copy of the
 * project, or another project with the same agents, finds them too.
 */
export interface ProjectMemo {
  get(kind: 'facts' | 'render', key: string): unknown;
  set(kind: 'facts' | 'render', key: string, value: unknown): void;
  save(): void;
}

export function projectMemo(root: string, renderScope: string): ProjectMemo {
  const entries: Record<'facts' | 'render', [string, string]> = { facts: ['project', root], render: ['render', renderScope] };
  const data = {
    facts: cacheGet<Record<string, unknown>>(...entries.facts) ?? {},
    render: cacheGet<Record<string, unknown>>(...entries.render) ?? {},
  };
  const changed = { facts: false, render: false };
  return {
    get: (kind, key) => (Object.hasOwn(data[kind], key) ? data[kind][key] : undefined),
    set: (kind, key, value) => {
      data[kind][key] = value;
      changed[kind] = true;
    },
    save: () => {
      for (const kind of ['facts', 'render'] as const) {
        if (changed[kind]) cachePut(...entries[kind], data[kind]);
        changed[kind] = false;
      }
    },
  };
}
