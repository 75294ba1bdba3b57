import { readFileSync } from 'node:fs';
import { cached } from '../cache.js';
import { join } from 'node:path';
import { failure, isNodeError } from '../errors.js';
import { sameNames, sortedNames } from '../team/name-lists.js';
import { isGeneratedPath, LOCK_FILE, SETTINGS_FILES } from '../paths.js';
import { formatIssues } from '../issues.js';
import { Lock, LOCKFILE_VERSION_WITH_SETTINGS, LOCKFILE_VERSION_WITH_SOURCES, type LockData, type LockSettingsData, type LockEntryData, type LockSourceData } from './lock-schema.js';
import { NAME_PATTERN } from '../team/names.js';
import { isManagedPath } from './safe-path.js';

const FIX_HINT = `Restore ${LOCK_FILE} from git, or delete it and sync again: files agent-team wrote on this machine are recognised again.`;
const MAX_LOCK_BYTES = 16 * 1024 * 1024;

/** The lockfile's data, checked once per content (cache.ts). */
export function parseLock(text: string): LockData {
  return cached('lock', text, () => checkLock(text));
}

function checkLock(text: string): LockData {
  if (text.length > MAX_LOCK_BYTES) throw failure('invalid-lockfile', `${LOCK_FILE} is larger than ${MAX_LOCK_BYTES / 1024 / 1024} MiB, which no lockfile of agent-team is.`, FIX_HINT);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw failure('invalid-lockfile', `${LOCK_FILE} is not valid JSON: ${(err as Error).message}.`, FIX_HINT);
  }
  const parsed = Lock().safeParse(data);
  const problems = parsed.success ? [] : formatIssues(parsed.error.issues);
  const files = (data as { files?: unknown } | null)?.files;
  if (files && typeof files === 'object') {
    for (const path of Object.keys(files)) {
      // A hand-edited lockfile must never make us delete or write outside what we manage.
      if (!isManagedPath(path) || !isGeneratedPath(path)) problems.push(`files["${path}"] is not a path agent-team manages`);
    }
  }
  problems.push(...sourceProblems((data as { sources?: unknown } | null)?.sources));
  problems.push(...settingsProblems((data as { settings?: unknown } | null)?.settings));
  if (problems.length > 0) throw failure('invalid-lockfile', `${LOCK_FILE} is damaged:`, FIX_HINT, problems);
  return parsed.data!;
}

export function readLock(root: string): LockData | undefined {
  let text: string;
  try {
    text = readFileSync(join(root, LOCK_FILE), 'utf8');
  } catch (err) {
    if (isNodeError(err, 'ENOENT')) return undefined;
    throw failure('unreadable-lockfile', `Cannot read ${LOCK_FILE}: ${(err as Error).message}.`, 'Check the file permissions.');
  }
  return parseLock(text);
}

function sortedFiles(files: Record<string, LockEntryData>): Record<string, LockEntryData> {
  const out: Record<string, LockEntryData> = {};
  for (const path of Object.keys(files).sort()) out[path] = canonicalEntry(files[path]!);
  return out;
}

/** The entry with its keys in the lockfile's order and its agents sorted; itself when it already is (most entries of a plan are). */
function canonicalEntry(entry: LockEntryData): LockEntryData {
  const keys = Object.keys(entry);
  const ordered = keys[0] === 'sha256' && keys[1] === 'kind' && keys[2] === 'agents' && (keys.length === 3 || (keys.length === 4 && keys[3] === 'git' && entry.git));
  const agents = sortedNames(entry.agents);
  if (ordered && agents === entry.agents) return entry;
  return { sha256: entry.sha256, kind: entry.kind, agents, ...(entry.git ? { git: entry.git } : {}) };
}

/**
 * Source names become folder names and a source's file paths name files in a cache folder: a
 * hand-edited lockfile gets neither past this check.
 */
function sourceProblems(sources: unknown): string[] {
  if (!sources || typeof sources !== 'object') return [];
  const problems: string[] = [];
  for (const [name, source] of Object.entries(sources)) {
    if (!NAME_PATTERN.test(name) || name.length > 32) problems.push(`sources["${name}"] is not a valid source name`);
    const files = (source as { files?: unknown } | null)?.files;
    if (!files || typeof files !== 'object') continue;
    for (const path of Object.keys(files)) {
      const segments = path.split('/');
      if (path.includes('\\') || path.includes('\0') || segments.some((s) => s === '' || s === '.' || s === '..' || s.toLowerCase() === '.git')) {
        problems.push(`sources.${name}.files["${path}"] is not a path inside a source`);
      }
    }
  }
  return problems;
}

/** Only Claude Code's settings files, and key paths that are lists of keys. */
function settingsProblems(settings: unknown): string[] {
  if (!settings || typeof settings !== 'object') return [];
  const problems: string[] = [];
  for (const [file, entry] of Object.entries(settings)) {
    if (!(SETTINGS_FILES as readonly string[]).includes(file)) problems.push(`settings["${file}"] is not a settings file agent-team edits`);
    const keys = (entry as { keys?: unknown } | null)?.keys;
    const ids = [...(keys && typeof keys === 'object' ? Object.keys(keys) : []), ...(Array.isArray((entry as { containers?: unknown }).containers) ? ((entry as { containers: unknown[] }).containers) : [])];
    for (const id of ids) {
      let key: unknown;
      try {
        key = JSON.parse(String(id));
      } catch {
        key = undefined;
      }
      if (!Array.isArray(key) || key.length === 0 || !key.every((k) => typeof k === 'string')) problems.push(`settings["${file}"] names "${String(id)}", which is not a key path`);
    }
  }
  return problems;
}

function sortedSettings(settings: LockSettingsData): LockSettingsData {
  const out: LockSettingsData = {};
  for (const file of Object.keys(settings).sort()) {
    const s = settings[file]!;
    out[file] = { ...(s.created ? { created: true } : {}), keys: Object.fromEntries(Object.keys(s.keys).sort().map((k) => [k, s.keys[k]!])), ...(s.containers?.length ? { containers: [...s.containers].sort() } : {}) };
  }
  return out;
}

function sortedSources(sources: Record<string, LockSourceData>): Record<string, LockSourceData> {
  const out: Record<string, LockSourceData> = {};
  for (const name of Object.keys(sources).sort()) {
    const s = sources[name]!;
    out[name] = { url: s.url, ref: s.ref, commit: s.commit, files: Object.fromEntries(Object.keys(s.files).sort().map((p) => [p, s.files[p]!])) };
  }
  return out;
}

/** Stable JSON: sorted paths, agents and keys, so the lockfile diffs cleanly in review. */
export function serializeLock(lock: LockData): string {
  const agents = lock.agents ? Object.fromEntries(Object.keys(lock.agents).sort().map((n) => [n, lock.agents![n]])) : undefined;
  const sources = lock.sources && Object.keys(lock.sources).length > 0 ? sortedSources(lock.sources) : undefined;
  const settings = lock.settings && Object.keys(lock.settings).length > 0 ? sortedSettings(lock.settings) : undefined;
  // The oldest version that can hold what is recorded, so an older agent-team still reads what it can.
  const version = settings ? LOCKFILE_VERSION_WITH_SETTINGS : sources ? LOCKFILE_VERSION_WITH_SOURCES : Math.min(lock.lockfileVersion, LOCKFILE_VERSION_WITH_SOURCES - 1);
  return `${JSON.stringify({ lockfileVersion: version, generator: lock.generator, catalog: lock.catalog, ...(agents ? { agents } : {}), ...(sources ? { sources } : {}), ...(settings ? { settings } : {}), files: sortedFiles(lock.files) }, null, 2)}\n`;
}

/** True when both lockfiles record the same files with the same contents and owners, and pin the same sources. */
export function sameLockedFiles(a: LockData | undefined, b: LockData): boolean {
  const pins = (lock: LockData) => JSON.stringify(sortedSources(lock.sources ?? {}));
  return a !== undefined && sameFiles(a.files, b.files) && pins(a) === pins(b) && sameSettings(a.settings ?? {}, b.settings ?? {});
}

function sameSettings(a: LockSettingsData, b: LockSettingsData): boolean {
  const files = Object.keys(b);
  if (Object.keys(a).length !== files.length) return false;
  for (const file of files) {
    const x = Object.hasOwn(a, file) ? a[file]! : undefined;
    const y = b[file]!;
    if (!x || Boolean(x.created) !== Boolean(y.created) || !sameNames(x.containers ?? [], y.containers ?? [])) return false;
    const ids = Object.keys(y.keys);
    if (Object.keys(x.keys).length !== ids.length) return false;
    for (const id of ids) {
      const v = Object.hasOwn(x.keys, id) ? x.keys[id] : undefined;
      const w = y.keys[id]!;
      if (v === undefined || (typeof w === 'string' ? v !== w : typeof v === 'string' || v.length !== w.length || v.some((h, i) => h !== w[i]))) return false;
    }
  }
  return true;
}

/** Entry by entry, without sorted copies of either side: a big team's lockfile holds thousands. */
function sameFiles(a: Record<string, LockEntryData>, b: Record<string, LockEntryData>): boolean {
  const paths = Object.keys(b);
  if (Object.keys(a).length !== paths.length) return false;
  for (const path of paths) {
    const x = Object.hasOwn(a, path) ? a[path]! : undefined;
    const y = b[path]!;
    if (!x || x.sha256 !== y.sha256 || x.kind !== y.kind || !sameNames(x.agents, y.agents)) return false;
  }
  return true;
}

