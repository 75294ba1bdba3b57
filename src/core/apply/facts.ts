import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectMemo } from '../cache.js';
import { contentHash } from '../hash.js';
import { readProjectFile } from '../project.js';

/**
 * The content hashes of a project's files, known without reading them when they have not
 * changed: size, times and inode as they were when the file was last hashed, kept in the user's
 * cache (never in the project). A file changed in the same instant it was hashed would keep its
 * old times, so files changed less than two seconds before they were hashed are never recorded
 * (git's "racy" rule); an edit always changes ctime, which no one can set back.
 */
const FRESH_MS = 2000;

type Fact = [size: number, mtimeMs: number, ctimeMs: number, ino: number, sha: string];

export interface FileFacts {
  hash(path: string): string | undefined;
}

/** `absent`: paths this command already found missing (checkTargets), not looked for again. */
export function fileFacts(root: string, memo: ProjectMemo, absent: ReadonlySet<string> = new Set()): FileFacts {
  return {
    hash(path) {
      if (absent.has(path)) return undefined;
      // Most paths of a big first plan do not exist yet: no exception for those.
      let stat;
      try {
        stat = statSync(join(root, path), { throwIfNoEntry: false });
      } catch {
        return undefined;
      }
      if (!stat) return undefined;
      if (!stat.isFile()) return readProjectFile(root, path) === undefined ? undefined : 'not-a-file';
      const known = memo.get('facts', path) as Fact | undefined;
      if (known && known[0] === stat.size && known[1] === stat.mtimeMs && known[2] === stat.ctimeMs && known[3] === stat.ino) return known[4];
      const data = readProjectFile(root, path);
      if (data === undefined) return undefined;
      const sha = contentHash(data);
      if (Date.now() - Math.max(stat.mtimeMs, stat.ctimeMs) > FRESH_MS) memo.set('facts', path, [stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino, sha] satisfies Fact);
      return sha;
    },
  };
}
