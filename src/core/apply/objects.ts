import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { ApplyFs } from './fs.js';
import { assertLocalInside, LOCAL_DIR, localInside } from './local-state.js';

/**
 * The merge bases: every file agent-team writes is also kept, by its hash, in the local folder
 * (`.claude/.agent-team/objects/`), so that when a new version of the library or of agent-team
 * renders it differently, the user's edits can be merged instead of overwritten. On a fresh clone
 * the base comes from git instead: the lockfile records each file's blob id.
 */
export const OBJECTS_DIR = `${LOCAL_DIR}/objects`;
const SHA = /^[a-f0-9]{64}$/;
const MAX_OBJECT_BYTES = 4 * 1024 * 1024;

export function objectIds(root: string): Set<string> {
  if (!localInside(root)) return new Set();
  try {
    return new Set(readdirSync(join(root, OBJECTS_DIR)).filter((n) => SHA.test(n)));
  } catch {
    return new Set();
  }
}

export function readObject(root: string, sha: string): Buffer | undefined {
  if (!SHA.test(sha) || !localInside(root)) return undefined;
  try {
    return readFileSync(join(root, OBJECTS_DIR, sha));
  } catch {
    return undefined;
  }
}

/** A blob from the project's git history, when the project is a git checkout that has it. */
export function readGitBlob(root: string, id: string | undefined): Buffer | undefined {
  if (!id || !/^[a-f0-9]{40}$/.test(id) || !existsSync(join(root, '.git'))) return undefined;
  try {
    return execFileSync('git', ['cat-file', 'blob', id], { cwd: root, timeout: 5000, maxBuffer: MAX_OBJECT_BYTES, stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
  } catch {
    return undefined;
  }
}

/** Stores the bases that are missing and drops those nothing refers to any more. */
export function storeObjects(root: string, bases: Array<{ hash: string; read(): Buffer }>, keep: Set<string>, fs: ApplyFs): void {
  assertLocalInside(root);
  const dir = join(root, OBJECTS_DIR);
  const have = objectIds(root);
  if (!existsSync(dir)) fs.mkdirSync(dir, { recursive: true });
  for (const base of bases) {
    if (have.has(base.hash)) continue;
    const data = base.read();
    if (data.length > MAX_OBJECT_BYTES) continue;
    const tmp = join(dir, `${base.hash}.${process.pid}.tmp`);
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, join(dir, base.hash));
    have.add(base.hash);
  }
  for (const sha of have) if (!keep.has(sha)) fs.rmSync(join(dir, sha), { force: true });
}
