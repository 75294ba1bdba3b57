import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { failure, isNodeError } from '../errors.js';
import { sha256 } from '../hash.js';
import { treesDir } from './cache.js';
import { git, GitError } from './git.js';

/**
 * One commit's files, unpacked from the bare repository with `git ls-tree` and `git cat-file`
 * rather than a checkout: nothing of the repository runs (no filters, hooks or attributes), every
 * name is checked before a file is made, and the size is known before anything is read.
 * Submodules are not fetched. A tree is unpacked once per commit, into a temporary folder renamed
 * into place, and never changed afterwards.
 */
export interface SourceTree {
  commit: string;
  /** The folder holding the commit's files. */
  dir: string;
  /** Path → sha256 of every file (for a link: of its target, as git stores it). */
  files: Record<string, string>;
  /** Paths that are symbolic links. */
  links: string[];
  /** Submodules, which are not fetched. */
  skipped: string[];
}

export const MAX_SOURCE_FILES = 5000;
export const MAX_SOURCE_BYTES = 64 * 1024 * 1024;
const MANIFEST = 'manifest.json';
const FILES = 'files';

interface Entry {
  mode: string;
  type: string;
  object: string;
  size: number;
  path: string;
}

/** Why a path from a tree cannot be made into a file here, or undefined when it can. */
export function treePathProblem(path: string): string | undefined {
  if (path.length === 0 || path.length > 1024) return 'is empty or longer than 1024 characters';
  if (path.includes('\\')) return 'holds a backslash (a folder separator on Windows)';
  if (path.includes('\0')) return 'holds a NUL character';
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return 'has an empty, "." or ".." part';
  if (segments.some((s) => s.toLowerCase() === '.git')) return 'has a ".git" part';
  if (process.platform === 'win32' && /[<>:"|?*]/.test(path)) return 'holds a character Windows does not allow in names';
  return undefined;
}

function listTree(gitDir: string, commit: string): Entry[] {
  const out = git(['ls-tree', '-r', '-z', '-l', '--full-tree', commit], { gitDir, maxBuffer: 64 * 1024 * 1024 }).toString('utf8');
  const entries: Entry[] = [];
  for (const record of out.split('\0')) {
    if (!record) continue;
    const tab = record.indexOf('\t');
    const [mode, type, object, size] = record.slice(0, tab).split(/ +/);
    entries.push({ mode: mode!, type: type!, object: object!, size: size === '-' ? 0 : Number(size), path: record.slice(tab + 1) });
    if (entries.length > MAX_SOURCE_FILES) break;
  }
  return entries;
}

/** Reads blobs through one `git cat-file --batch`, in the order asked. */
function readBlobs(gitDir: string, ids: string[], total: number): Buffer[] {
  if (ids.length === 0) return [];
  const out = git(['cat-file', '--batch'], { gitDir, input: `${ids.join('\n')}\n`, maxBuffer: total + ids.length * 128 + 1024 });
  const blobs: Buffer[] = [];
  let at = 0;
  for (const id of ids) {
    const eol = out.indexOf(10, at);
    const header = out.subarray(at, eol).toString('utf8');
    const [got, type, size] = header.split(' ');
    if (got !== id || type !== 'blob') throw new GitError(`unexpected object ${header}`, header, false, null);
    const start = eol + 1;
    blobs.push(out.subarray(start, start + Number(size)));
    at = start + Number(size) + 1;
  }
  return blobs;
}

function readManifest(root: string, commit: string): SourceTree | undefined {
  try {
    const data = JSON.parse(readFileSync(join(root, MANIFEST), 'utf8')) as Partial<SourceTree>;
    if (data.commit !== commit || typeof data.files !== 'object' || !data.files || !Array.isArray(data.links) || !Array.isArray(data.skipped)) return undefined;
    return { commit, dir: join(root, FILES), files: data.files, links: data.links, skipped: data.skipped };
  } catch {
    return undefined;
  }
}

/** The commit's tree, from the cache or unpacked now from `gitDir` (which may be '' when it is cached). `what` names the source in messages. */
export function unpackTree(gitDir: string, commit: string, what: string): SourceTree {
  const root = join(treesDir(), commit);
  const cached = readManifest(root, commit);
  if (cached) return cached;
  if (!gitDir) throw new Error(`unpackTree: commit ${commit} is not unpacked and no repository was given`);

  const entries = listTree(gitDir, commit);
  if (entries.length > MAX_SOURCE_FILES) {
    throw failure('source-too-large', `${what} has more than ${MAX_SOURCE_FILES} files at ${commit.slice(0, 12)}.`, 'Point the source at a repository (or a branch) that holds only skills.');
  }
  const blobs = entries.filter((e) => e.type === 'blob');
  const total = blobs.reduce((n, e) => n + e.size, 0);
  if (total > MAX_SOURCE_BYTES) {
    throw failure('source-too-large', `${what} holds ${Math.ceil(total / 1024 / 1024)} MiB at ${commit.slice(0, 12)}, more than the ${MAX_SOURCE_BYTES / 1024 / 1024} MiB agent-team unpacks.`, 'Point the source at a repository (or a branch) that holds only skills.');
  }
  const problems: string[] = [];
  for (const e of entries) {
    const problem = treePathProblem(e.path);
    if (problem) problems.push(`"${JSON.stringify(e.path).slice(1, -1)}" ${problem}`);
  }
  if (problems.length > 0) {
    throw failure('source-bad-path', `${what} has file names agent-team does not unpack:`, 'Rename them in the source repository.', problems.slice(0, 20));
  }

  const contents = readBlobs(gitDir, blobs.map((e) => e.object), total);
  const tmp = join(dirname(root), `.${commit}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const files: Record<string, string> = {};
  const links: Array<[string, string]> = [];
  const skipped: string[] = [];
  try {
    const base = join(tmp, FILES);
    mkdirSync(base, { recursive: true, mode: 0o700 });
    blobs.forEach((e, i) => {
      const data = contents[i]!;
      files[e.path] = sha256(data);
      if (e.mode === '120000') {
        links.push([e.path, data.toString('utf8')]);
        return;
      }
      const abs = join(base, ...e.path.split('/'));
      mkdirSync(dirname(abs), { recursive: true, mode: 0o700 });
      try {
        writeFileSync(abs, data, { flag: 'wx', mode: e.mode === '100755' ? 0o755 : 0o644 });
      } catch (err) {
        if (isNodeError(err, 'EEXIST')) throw failure('source-bad-path', `${what} has two files that are one on this file system (names that differ only in case?): ${e.path}.`, 'Rename one of them in the source repository.');
        throw err;
      }
    });
    for (const e of entries) if (e.type === 'commit') skipped.push(e.path);
    // Links last: no file is ever written through one.
    for (const [path, target] of links) {
      const abs = join(base, ...path.split('/'));
      mkdirSync(dirname(abs), { recursive: true, mode: 0o700 });
      symlinkSync(target, abs);
    }
    writeFileSync(join(tmp, MANIFEST), `${JSON.stringify({ commit, files, links: links.map(([p]) => p), skipped })}\n`);
    try {
      renameSync(tmp, root);
    } catch (err) {
      // Another process unpacked the same commit meanwhile: its copy is as good as ours.
      if (!existsSync(join(root, MANIFEST))) throw err;
      rmSync(tmp, { recursive: true, force: true });
    }
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return { commit, dir: join(root, FILES), files, links: links.map(([p]) => p), skipped };
}
