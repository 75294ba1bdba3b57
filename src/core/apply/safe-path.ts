import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { failure, isNodeError } from '../errors.js';
import { CLAUDE_MD } from '../paths.js';

/** True when `child` is `parent` or lies below it (both absolute). */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/**
 * Paths agent-team may write or delete: CLAUDE.md and files under .claude/, relative, normalised,
 * with no `..`, empty or hidden-traversal segments.
 */
export function isManagedPath(path: string): boolean {
  if (path === CLAUDE_MD) return true;
  if (!path.startsWith('.claude/') || path.includes('\\') || path.includes('\0')) return false;
  const segments = path.split('/');
  return segments.every((s) => s !== '' && s !== '.' && s !== '..');
}

/**
 * A file named by a team file, a source or a library, resolved through every symlink: it must
 * stay inside `base` (the project, or the source it belongs to). Anything else — an absolute path,
 * `../`, a link that leads out — would copy a file from elsewhere (`/proc/self/environ`, a key)
 * into generated files that are committed and sent to the model.
 */
export function resolveInside(base: string, path: string, what: string): string {
  if (path.includes('\0')) throw failure('path-outside', `${what} "${path}" is not a valid path.`, 'Name a file inside the project.', undefined, { path });
  const abs = resolve(base, path);
  const realBase = realpathSync(base);
  if (!isInside(base, abs)) {
    throw failure('path-outside', `${what} "${path}" is outside ${toPosix(base)}.`, 'Name a file inside the project (a relative path without ..).', undefined, { path });
  }
  let real: string;
  try {
    real = realpathSync(abs);
  } catch (err) {
    if (isNodeError(err, 'ENOENT') || isNodeError(err, 'ENOTDIR')) return abs;
    throw err;
  }
  if (!isInside(realBase, real)) {
    throw failure('path-outside', `${what} "${path}" is a link to ${real}, outside ${toPosix(base)}.`, 'Replace the link with the file itself.', undefined, { path });
  }
  return real;
}

/**
 * Refuses a target that is, or lies under, a symlink leading out of the project: writing through
 * it would change files the project does not own. Links that stay inside the project are followed.
 * Returns the real path to write.
 */
export function safeTarget(root: string, rel: string, expect: 'file' | 'folder' = 'file', realRoot = realpathSync(root), verified?: Set<string>): string {
  return check(root, rel, expect, realRoot, verified, true)!;
}

function check(root: string, rel: string, expect: 'file' | 'folder', realRoot: string, verified: Set<string> | undefined, resolveReal: boolean, gone?: Gone, listings?: Listings): string | undefined {
  // Most paths of a big plan lie in a folder looked at for an earlier path: start below the deepest one.
  let known = rel.lastIndexOf('/');
  while (known > 0) {
    const folder = rel.slice(0, known);
    if (gone?.folders.has(folder)) {
      gone.paths.add(rel);
      return undefined;
    }
    if (verified?.has(folder)) break;
    known = rel.lastIndexOf('/', known - 1);
  }
  const segments = (known > 0 ? rel.slice(known + 1) : rel).split('/');
  let prefix = known > 0 ? rel.slice(0, known) : '';
  let current = known > 0 ? `${root}/${prefix}` : root;
  for (let i = 0; i < segments.length; i += 1) {
    const name = segments[i]!;
    const last = i === segments.length - 1;
    const folderRel = prefix;
    const folderAbs = current;
    // Plain joins: the path is a checked relative path, and join() is the cost of a big plan.
    // Nothing below the deepest known folder was looked at before: each segment is looked at here.
    current = `${current}/${name}`;
    prefix = prefix ? `${prefix}/${name}` : name;
    const listed = listings?.look(folderRel, folderAbs, name);
    if (listed === 'folder' && !last) {
      verified?.add(prefix);
      continue;
    }
    if (listed === 'file' && last) return undefined;
    // A missing path is the common case of a first plan: asked without an exception.
    let stat = listed === 'missing' ? undefined : lstatSync(current, { throwIfNoEntry: false });
    if (!stat) {
      if (!last) gone?.folders.add(prefix);
      gone?.paths.add(rel);
      return resolveReal ? join(realpathSync(folderAbs), ...segments.slice(i)) : undefined;
    }
    const shown = prefix;
    if (stat.isSymbolicLink()) {
      let target: string;
      try {
        target = realpathSync(current);
      } catch {
        throw failure('unsafe-symlink', `${shown} is a symlink to a missing target.`, `Remove or repair the link ${shown}, then run again. Nothing was changed.`, undefined, { path: shown });
      }
      if (!isInside(realRoot, target)) {
        throw failure(
          'unsafe-symlink',
          `${shown} is a symlink to ${target}, outside the project.`,
          `agent-team never writes through links that leave the project. Replace ${shown} with a real ${last ? expect : 'folder'}, then run again. Nothing was changed.`,
          undefined,
          { path: shown },
        );
      }
      stat = statSync(current);
    }
    if (!last && !stat.isDirectory()) {
      throw failure('not-a-folder', `${shown} is a file, but agent-team needs a folder there.`, `Move ${shown} away, then run again. Nothing was changed.`, undefined, { path: shown });
    }
    if (!last) verified?.add(prefix);
    if (last && expect === 'file' && stat.isDirectory()) {
      throw failure('not-a-file', `${shown} is a folder, but agent-team needs to write a file there.`, `Move ${shown} away, then run again. Nothing was changed.`, undefined, { path: shown });
    }
  }
  return resolveReal ? realpathSync(current) : undefined;
}

/** What a check found missing: folders (nothing below them need be looked at) and the paths checked that are absent. */
interface Gone {
  folders: Set<string>;
  paths: Set<string>;
}

/**
 * Checks every path of a plan as safeTarget does, looking at each folder once. Returns the paths
 * found missing (themselves or a folder above them), which the plan then need not look for again.
 */
export function checkTargets(root: string, paths: ReadonlySet<string> | readonly string[]): ReadonlySet<string> {
  const realRoot = realpathSync(root);
  const verified = new Set<string>();
  const gone: Gone = { folders: new Set(), paths: new Set() };
  const listings = folderListings();
  // forEach, not for-of: a cold for-of over thousands of paths allocates at every step.
  paths.forEach((path) => void check(root, path, 'file', realRoot, verified, false, gone, listings));
  return gone.paths;
}

/** What a folder's listing says of one entry; undefined when only a look at the entry itself can tell. */
type Listed = 'missing' | 'folder' | 'file' | undefined;

interface Listings {
  look(parent: string, parentAbs: string, name: string): Listed;
}

/**
 * A folder asked about many entries (the skills folder of a big plan) is listed once, instead of
 * one look per entry. The listing answers only for what it cannot get wrong: a plain folder, a
 * plain file, or a name that is absent, also without regard to case (a case-insensitive disk would
 * find it). Links, other types, and names that are not plain ASCII are looked at one by one.
 */
const LIST_AFTER = 16;

function folderListings(): Listings {
  const asked = new Map<string, number>();
  const lists = new Map<string, { exact: Map<string, Listed>; folded: Set<string> } | null>();
  const read = (abs: string) => {
    try {
      const exact = new Map<string, Listed>();
      const folded = new Set<string>();
      for (const e of readdirSync(abs, { withFileTypes: true })) {
        exact.set(e.name, e.isDirectory() ? 'folder' : e.isFile() ? 'file' : undefined);
        folded.add(e.name.toLowerCase());
      }
      return { exact, folded };
    } catch {
      return null;
    }
  };
  return {
    look(parent, parentAbs, name) {
      let list = lists.get(parent);
      if (list === undefined) {
        const count = (asked.get(parent) ?? 0) + 1;
        asked.set(parent, count);
        if (count < LIST_AFTER) return undefined;
        list = read(parentAbs);
        lists.set(parent, list);
      }
      if (!list || !/^[\x20-\x7e]+$/.test(name)) return undefined;
      if (list.exact.has(name)) return list.exact.get(name);
      return list.folded.has(name.toLowerCase()) ? undefined : 'missing';
    },
  };
}
