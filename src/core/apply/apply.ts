import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { failure, isNodeError } from '../errors.js';
import { PRUNABLE_PARENTS } from '../paths.js';
import type { PlanEntry } from '../plan/plan.js';

function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Refuses a target that is, or lies under, a symlink leading out of the project: writing through
 * it would change files the project does not own. Links that stay inside the project are followed.
 * Returns the real path to write.
 */
export function safeTarget(root: string, rel: string, expect: 'file' | 'folder' = 'file'): string {
  const realRoot = realpathSync(root);
  const segments = rel.split('/');
  let current = root;
  for (let i = 0; i < segments.length; i += 1) {
    current = join(current, segments[i]!);
    let stat;
    try {
      stat = lstatSync(current);
    } catch (err) {
      if (isNodeError(err, 'ENOENT')) return join(realpathSync(dirname(current)), ...segments.slice(i));
      throw err;
    }
    const shown = segments.slice(0, i + 1).join('/');
    if (stat.isSymbolicLink()) {
      let target: string;
      try {
        target = realpathSync(current);
      } catch {
        throw failure('unsafe-symlink', `${shown} is a symlink to a missing target.`, `Remove or repair the link ${shown}, then run again. Nothing was changed.`);
      }
      if (!isInside(realRoot, target)) {
        throw failure(
          'unsafe-symlink',
          `${shown} is a symlink to ${target}, outside the project.`,
          `agent-team never writes through links that leave the project. Replace ${shown} with a real ${i === segments.length - 1 ? expect : 'folder'}, then run again. Nothing was changed.`,
        );
      }
    }
    if (i < segments.length - 1 && !statSync(current).isDirectory()) {
      throw failure('not-a-folder', `${shown} is a file, but agent-team needs a folder there.`, `Move ${shown} away, then run again. Nothing was changed.`);
    }
    if (i === segments.length - 1 && expect === 'file' && statSync(current).isDirectory()) {
      throw failure('not-a-file', `${shown} is a folder, but agent-team needs to write a file there.`, `Move ${shown} away, then run again. Nothing was changed.`);
    }
  }
  return realpathSync(current);
}

function writeError(rel: string, err: unknown): Error {
  if (isNodeError(err) && ['EACCES', 'EPERM', 'EROFS'].includes(err.code ?? '')) {
    const where = rel.includes('/') ? dirname(rel) : 'the project folder';
    return failure('not-writable', `Cannot write ${rel}: ${err.code === 'EROFS' ? 'read-only file system' : 'permission denied'}.`, `Make ${where} writable (e.g. chmod -R u+w ${where}), then run again. Nothing was changed.`);
  }
  if (isNodeError(err, 'ENOSPC')) return failure('no-space', `Cannot write ${rel}: the disk is full.`, 'Free some space, then run again. Nothing was changed.');
  return failure('write-failed', `Cannot write ${rel}: ${(err as Error).message}.`, 'Nothing was changed.');
}

function backupPath(abs: string): string {
  let candidate = `${abs}.bak`;
  for (let n = 2; existsSync(candidate); n += 1) candidate = `${abs}.bak${n}`;
  return candidate;
}

export interface ApplyResult {
  written: string[];
  deleted: string[];
  backups: string[];
}

export interface FileWrite {
  path: string;
  content: Buffer;
  executable?: boolean;
}

/**
 * Applies a plan all-or-nothing as far as a file system allows: every new content is first
 * written to a temporary file beside its target; only when all of them exist are they renamed
 * into place, then deletions run, and `last` (the lockfile) is written at the very end. A failure
 * while staging removes every temporary file and folder it created.
 */
export function applyEntries(root: string, entries: PlanEntry[], last?: FileWrite): ApplyResult {
  const writes: FileWrite[] = [];
  const deletes: PlanEntry[] = [];
  const backups: Array<{ path: string; abs: string }> = [];
  for (const entry of entries) {
    if ((entry.action === 'create' || entry.action === 'update') && entry.content) {
      writes.push({ path: entry.path, content: entry.content, executable: entry.executable });
    } else if (entry.action === 'delete') deletes.push(entry);
    if (entry.backup && (entry.action === 'update' || entry.action === 'delete')) backups.push({ path: entry.path, abs: '' });
  }
  const targets = new Map<string, string>();
  for (const path of [...writes.map((w) => w.path), ...deletes.map((d) => d.path), ...(last ? [last.path] : [])]) {
    targets.set(path, safeTarget(root, path));
  }

  const createdDirs: string[] = [];
  const staged: Array<{ tmp: string; abs: string; path: string }> = [];
  const suffix = `.${process.pid}.${Date.now().toString(36)}.agent-team-tmp`;
  const stage = (write: FileWrite) => {
    const abs = targets.get(write.path)!;
    const missing: string[] = [];
    for (let dir = dirname(abs); !existsSync(dir); dir = dirname(dir)) missing.unshift(dir);
    for (const dir of missing) {
      mkdirSync(dir);
      createdDirs.push(dir);
    }
    const tmp = `${abs}${suffix}`;
    const mode = existsSync(abs) ? statSync(abs).mode & 0o777 : write.executable ? 0o755 : 0o644;
    staged.push({ tmp, abs, path: write.path });
    writeFileSync(tmp, write.content, { mode, flag: 'wx' });
  };
  const unstage = () => {
    for (const { tmp } of staged) rmSync(tmp, { force: true });
    for (const dir of createdDirs.reverse()) {
      try {
        rmdirSync(dir);
      } catch {
        // not empty or already gone: leave it
      }
    }
  };

  let current = '';
  try {
    for (const write of writes) {
      current = write.path;
      stage(write);
    }
    for (const backup of backups) {
      current = backup.path;
      const abs = targets.get(backup.path)!;
      backup.abs = backupPath(abs);
      copyFileSync(abs, backup.abs);
    }
  } catch (err) {
    unstage();
    for (const b of backups) if (b.abs) rmSync(b.abs, { force: true });
    throw writeError(current, err);
  }

  for (const { tmp, abs } of staged) renameSync(tmp, abs);
  for (const entry of deletes) {
    const abs = targets.get(entry.path)!;
    try {
      unlinkSync(abs);
    } catch (err) {
      if (!isNodeError(err, 'ENOENT')) throw writeError(entry.path, err);
    }
    pruneEmptyParents(root, entry.path);
  }
  if (last) {
    const abs = targets.get(last.path)!;
    mkdirSync(dirname(abs), { recursive: true });
    const tmp = `${abs}${suffix}`;
    try {
      writeFileSync(tmp, last.content, { mode: 0o644 });
      renameSync(tmp, abs);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw writeError(last.path, err);
    }
  }
  return {
    written: writes.map((w) => w.path),
    deleted: deletes.map((d) => d.path),
    backups: backups.map((b) => relative(root, b.abs).split('\\').join('/')),
  };
}

/** Removes folders that the deletion left empty, up to (not including) the folder that holds them. */
function pruneEmptyParents(root: string, path: string): void {
  const base = PRUNABLE_PARENTS.find((p) => path.startsWith(`${p}/`));
  if (!base) return;
  for (let dir = dirname(path); dir.startsWith(`${base}/`); dir = dirname(dir)) {
    const abs = join(root, dir);
    try {
      if (readdirSync(abs).length > 0) return;
      rmdirSync(abs);
    } catch {
      return;
    }
  }
}
