import { type Dirent, lstatSync, type Stats, readdirSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, relative } from 'node:path';
import { isInside, resolveInside, toPosix } from '../apply/safe-path.js';
import { FrontmatterError, parseFrontmatter } from '../claude/frontmatter.js';
import { checkSkillFrontmatter } from '../claude/skill-rules.js';
import { isAgentTeamError, isNodeError } from '../errors.js';
import { contentHash, sha256 } from '../hash.js';
import { formatIssues } from '../issues.js';
import { yamlProblem } from '../yaml.js';
import type { SkillFile } from './model.js';
import { registrySchemas, type RegistryData } from './schema.js';

/**
 * Reading a library from disk: its registry and every file of every skill it lists. This is the
 * only part of the catalog that touches the file system; what it reads is plain data for the
 * pure steps after it (catalog.ts). Everything is bounded, and nothing is read through a link
 * that leaves the source.
 */
export const REGISTRY_FILE = 'skills-registry.yaml';
const MAX_REGISTRY_BYTES = 8 * 1024 * 1024;
const MAX_SKILL_FILES = 500;
const MAX_SKILL_FILE_BYTES = 1024 * 1024;
const MAX_SKILL_BYTES = 8 * 1024 * 1024;

export interface SourceRef {
  /** Absolute folder holding skills-registry.yaml. */
  dir: string;
  /** `library`, or the source as the team file names it. */
  label: string;
  /** How files of this source are named in messages. */
  show: (abs: string) => string;
}

export interface RawSkill {
  name: string;
  dir: string;
  /** False when SKILL.md is missing or unreadable (the problem says so). */
  found: boolean;
  description: string;
  /** Size of SKILL.md, for token estimates. */
  chars: number;
  files: SkillFile[];
  /** Each already naming its file. */
  problems: string[];
}

/** What one source gave: plain data, so it can be cached whole (cache.ts). */
export interface SourceData {
  registryHash?: string;
  registry?: RegistryData;
  skills: RawSkill[];
  problems: string[];
}

export interface RawSource extends SourceData {
  ref: SourceRef;
}

function readRegistry(ref: SourceRef): { text?: string; data?: RegistryData; problems: string[] } {
  const path = join(ref.dir, REGISTRY_FILE);
  const where = ref.show(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { problems: [`${where}: ${isNodeError(err, 'ENOENT') ? 'file not found' : (err as Error).message}`] };
  }
  const parsed = yamlProblem(text, { maxBytes: MAX_REGISTRY_BYTES });
  if (!('value' in parsed)) return { text, problems: [`${where}${parsed.line ? `:${parsed.line}:${parsed.column}` : ''}: ${parsed.message}`] };
  let raw = parsed.value;
  // Top-level `x-` keys hold YAML anchors shared by several roles; they are not data.
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    raw = Object.fromEntries(Object.entries(raw).filter(([k]) => !k.startsWith('x-')));
  }
  const result = registrySchemas().Registry.safeParse(raw);
  if (!result.success) return { text, problems: formatIssues(result.error.issues).map((line) => `${where}: ${line}`) };
  return { text, data: result.data, problems: [] };
}

/**
 * Every file below a skill folder, hashed, in a stable order. Dot files are skipped; links are
 * followed only while they stay inside the source; limits keep a hostile source from making us
 * read without end.
 */
export function readSkillFolder(dir: string, sourceRoot: string, show: (abs: string) => string): { files: SkillFile[]; text?: string; problems: string[] } {
  const problems: string[] = [];
  const files: SkillFile[] = [];
  let total = 0;
  let text: string | undefined;
  const realRoot = realpathSync(sourceRoot);
  const walk = (abs: string, rel: string) => {
    let names: string[];
    try {
      names = readdirSync(abs).sort();
    } catch (err) {
      // A missing skill folder is reported once, as its missing SKILL.md.
      if (!(isNodeError(err, 'ENOENT') && abs === dir)) problems.push(`${show(abs)}: ${(err as Error).message}`);
      return;
    }
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const child = join(abs, name);
      const childRel = rel ? `${rel}/${name}` : name;
      let stat = lstatSync(child);
      if (stat.isSymbolicLink()) {
        let real: string;
        try {
          real = realpathSync(child);
        } catch {
          problems.push(`${show(child)}: a symlink to a missing target`);
          continue;
        }
        if (!isInside(realRoot, real)) {
          problems.push(`${show(child)}: a symlink to ${real}, outside the source; it is not copied`);
          continue;
        }
        stat = lstatSync(real);
      }
      if (stat.isDirectory()) {
        walk(child, childRel);
        continue;
      }
      if (!stat.isFile()) continue;
      if (files.length >= MAX_SKILL_FILES) {
        problems.push(`${show(dir)}: more than ${MAX_SKILL_FILES} files`);
        return;
      }
      if (stat.size > MAX_SKILL_FILE_BYTES || total + stat.size > MAX_SKILL_BYTES) {
        problems.push(`${show(child)}: too large (${Math.ceil(stat.size / 1024)} KiB; a file may have ${MAX_SKILL_FILE_BYTES / 1024} KiB, a skill ${MAX_SKILL_BYTES / 1024 / 1024} MiB)`);
        continue;
      }
      total += stat.size;
      const bytes = readFileSync(child);
      if (childRel === 'SKILL.md') text = bytes.toString('utf8');
      files.push({ path: childRel, sha256: contentHash(bytes), size: stat.size, executable: (stat.mode & 0o111) !== 0 });
    }
  };
  walk(dir, '');
  return { files, text, problems };
}

/** Reads one source: its registry and each skill it lists, checked. */
export function readSource(ref: SourceRef): SourceData {
  const registry = readRegistry(ref);
  const source: SourceData = { registryHash: registry.text === undefined ? undefined : sha256(registry.text), registry: registry.data, skills: [], problems: [...registry.problems] };
  if (!registry.data) return source;
  for (const [name, entry] of Object.entries(registry.data.skills)) {
    const where = `${ref.show(join(ref.dir, REGISTRY_FILE))}: skills.${name}`;
    let dir: string;
    try {
      dir = resolveInside(ref.dir, entry.path ?? `skills/${name}`, `skills.${name}.path`);
    } catch (err) {
      if (!isAgentTeamError(err)) throw err;
      source.problems.push(`${where}: ${err.message}`);
      continue;
    }
    const folder = readSkillFolder(dir, ref.dir, ref.show);
    const problems = folder.problems.map((p) => `${where}: ${p}`);
    let description = '';
    if (folder.text === undefined) source.problems.push(`${where}: missing ${ref.show(join(dir, 'SKILL.md'))}`);
    else {
      const skillFile = ref.show(join(dir, 'SKILL.md'));
      try {
        const { data } = parseFrontmatter(folder.text);
        for (const p of checkSkillFrontmatter(name, data)) problems.push(`${skillFile}: ${p}`);
        const name_ = dir.split(/[\\/]/).filter(Boolean).pop() ?? '';
        if (name_ !== name) problems.push(`${where}: folder "${name_}" must be named like the skill`);
        description = typeof data.description === 'string' ? data.description : '';
      } catch (err) {
        if (!(err instanceof FrontmatterError)) throw err;
        problems.push(`${skillFile}: ${err.message}`);
      }
    }
    source.skills.push({ name, dir, found: folder.text !== undefined, description, chars: folder.text?.length ?? 0, files: folder.files, problems });
  }
  return source;
}

/**
 * What the last walk of a source saw, so the next one lists only folders that changed: each
 * folder in walk order (by path inside the source, '' for the source itself), its stamp and its
 * entries. Flat arrays, not an object per folder: a library of 20,000 skills has as many folders,
 * and this is read back on every command.
 */
export interface WalkMemo {
  /** When that walk started, in ms since the epoch. */
  time: number;
  rels: string[];
  /** A folder's entries as a type letter (d folder, l link, f anything else) and name, joined by '/' (no name holds one). */
  listings: string[];
  /** A folder's mtime, ctime and inode: three numbers per folder, in the order of `rels`. */
  stamps: number[];
}

export interface Fingerprint {
  print: string;
  /** This walk, for the next; undefined when it cannot stand for one (a folder was unreadable, or the limit was reached). */
  memo?: WalkMemo;
  /** False when every folder's listing came from the memo (nothing new to keep). */
  listed: boolean;
}

/** The memo's folders by path, looked up in walk order first: the next walk visits them in the same order. */
function memoFolders(memo: WalkMemo | undefined) {
  const ok = memo && Array.isArray(memo.rels) && Array.isArray(memo.listings) && Array.isArray(memo.stamps) && memo.listings.length === memo.rels.length && memo.stamps.length === memo.rels.length * 3;
  const rels = ok ? memo.rels : [];
  let next = 0;
  let byRel: Map<unknown, number> | undefined;
  return (rel: string): number | undefined => {
    if (rels[next] === rel) return next++;
    byRel ??= new Map(rels.map((r, i) => [r, i]));
    const at = byRel.get(rel);
    if (at !== undefined) next = at + 1;
    return at;
  };
}

/**
 * What a source's files are, without reading them: every path, and each file's size, times,
 * inode and mode. When this is unchanged, so is what readSource would return (its cache key).
 *
 * With the memo of an earlier walk, a folder whose mtime, ctime and inode are unchanged is not
 * listed again: adding, removing or renaming an entry changes its mtime and ctime, and nothing
 * can set a ctime back. Each entry is still checked. A folder changed within `racyMs` before that
 * walk began is listed again anyway, as a change in the same clock tick leaves its times as they were.
 */
export function fingerprint(dir: string, options: { memo?: WalkMemo; limit?: number; racyMs?: number } = {}): Fingerprint {
  const { memo, limit = 200_000, racyMs = 2000 } = options;
  const time = Date.now();
  const trustedBefore = memo && typeof memo.time === 'number' ? memo.time - racyMs : -Infinity;
  const before = memoFolders(memo);
  // The print is made of strings that exist anyway (each folder's path and listing) and of the
  // files' numbers as they are: thousands of float-to-text conversions cost more than the walk.
  const parts: string[] = [];
  let numbers = new Float64Array(4096);
  let count = 0;
  const note = (s: Stats) => {
    if (count + 5 > numbers.length) {
      const grown = new Float64Array(numbers.length * 2);
      grown.set(numbers);
      numbers = grown;
    }
    numbers[count++] = s.size;
    numbers[count++] = s.mtimeMs;
    numbers[count++] = s.ctimeMs;
    numbers[count++] = s.ino;
    numbers[count++] = s.mode;
  };
  const next: WalkMemo = { time, rels: [], listings: [], stamps: [] };
  let entries = 0;
  let complete = true;
  let listed = false;
  const list = (abs: string): string | undefined => {
    let found: Dirent[];
    try {
      found = readdirSync(abs, { withFileTypes: true });
    } catch {
      return undefined;
    }
    listed = true;
    return found
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((e) => `${e.isDirectory() ? 'd' : e.isSymbolicLink() ? 'l' : 'f'}${e.name}`)
      .join('/');
  };
  const walk = (abs: string, rel: string) => {
    // The source itself may be a link to its folder; below it, a folder entry is a folder.
    const stat = (rel === '' ? statSync : lstatSync)(abs, { throwIfNoEntry: false });
    if (!stat?.isDirectory()) {
      parts.push(rel, ':unreadable');
      complete = false;
      return;
    }
    const { mtimeMs, ctimeMs, ino } = stat;
    const at = before(rel);
    const kept = at === undefined ? undefined : memo!.listings[at];
    const trusted =
      typeof kept === 'string' &&
      memo!.stamps[at! * 3] === mtimeMs &&
      memo!.stamps[at! * 3 + 1] === ctimeMs &&
      memo!.stamps[at! * 3 + 2] === ino &&
      mtimeMs < trustedBefore &&
      ctimeMs < trustedBefore;
    const listing = trusted ? kept : list(abs);
    if (listing === undefined) {
      parts.push(rel, ':unreadable');
      complete = false;
      return;
    }
    next.rels.push(rel);
    next.listings.push(listing);
    next.stamps.push(mtimeMs, ctimeMs, ino);
    parts.push(rel, listing);
    if (listing === '') return;
    // Indexed: this runs once per folder of a big library, and a cold for-of allocates at every step.
    const typedNames = listing.split('/');
    for (let i = 0; i < typedNames.length; i += 1) {
      const typed = typedNames[i]!;
      if ((entries += 1) > limit) {
        complete = false;
        return;
      }
      const name = typed.slice(1);
      const child = `${abs}/${name}`;
      // A folder is its entries (walked below), a link its target: only files need a stat.
      if (typed[0] === 'd') walk(child, rel ? `${rel}/${name}` : name);
      else if (typed[0] === 'l') parts.push(`${rel}/${name}->${safeReadlink(child)}`);
      else {
        const s = lstatSync(child, { throwIfNoEntry: false });
        if (!s) {
          parts.push(`${rel}/${name}:gone`);
          continue;
        }
        note(s);
        // File systems that report no entry types: the stat tells.
        if (s.isDirectory()) walk(child, rel ? `${rel}/${name}` : name);
      }
    }
  };
  walk(dir, '');
  const print = createHash('sha256').update(parts.join('\n')).update('\0').update(new Uint8Array(numbers.buffer, 0, count * 8)).digest('hex');
  return { print, memo: complete ? next : undefined, listed };
}

function safeReadlink(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '?';
  }
}

/** Reads text files by absolute path; a missing one is simply absent from the result. */
export function readTexts(paths: Iterable<string>): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const path of paths) {
    try {
      const stat = lstatSync(path);
      if (stat.isFile() && stat.size <= MAX_SKILL_FILE_BYTES) out[path] = readFileSync(path, 'utf8');
    } catch {
      // reported by validation as "not found"
    }
  }
  return out;
}

export function showIn(base: string, prefix: string): (abs: string) => string {
  return (abs) => `${prefix}${toPosix(relative(base, abs))}`;
}

export function libraryShow(libraryDir: string): (abs: string) => string {
  return showIn(dirname(libraryDir), 'agent-team library ');
}
