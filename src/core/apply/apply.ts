import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { failure, isAgentTeamError, isNodeError } from '../errors.js';
import { PRUNABLE_PARENTS } from '../paths.js';
import type { PlanEntry } from '../plan/plan.js';
import { processFs, type ApplyFs } from './fs.js';
import { JOURNAL_FILE, LOCAL_DIR, readJournal, readLocalState, removeLocal, STATE_FILE, writeLocal, type Journal, type LocalState } from './local-state.js';
import { storeObjects } from './objects.js';
import { isInside, safeTarget, toPosix } from './safe-path.js';

export interface ApplyResult {
  written: string[];
  deleted: string[];
  backups: string[];
}

export interface FileWrite {
  path: string;
  content: Buffer;
}

export interface ApplyOptions {
  /** Written after everything else (the lockfile), so it never claims what is not on disk. */
  last?: FileWrite;
  /** What the local record should say afterwards: path → hash agent-team wrote, null to forget. */
  ownership?: Record<string, string | null>;
  /** Folders to remove when they end up empty (uninstall's .claude/). */
  prune?: string[];
  /** Remove the local record too (uninstall): nothing of agent-team is left. */
  forget?: boolean;
  /** Versions to keep as merge bases, and the hashes still referred to (the others are dropped). */
  bases?: { list: Array<{ hash: string; read(): Buffer }>; keep: Iterable<string> };
  fs?: ApplyFs;
}

function writeError(rel: string, err: unknown): Error {
  if (isAgentTeamError(err)) return err; // already names its problem (a link out of the project, say)
  if (isNodeError(err) && ['EACCES', 'EPERM', 'EROFS'].includes(err.code ?? '')) {
    const where = rel.includes('/') ? dirname(rel) : 'the project folder';
    return failure('not-writable', `Cannot write ${rel}: ${err.code === 'EROFS' ? 'read-only file system' : 'permission denied'}.`, `Make ${where} writable, then run again. Nothing was changed.`, undefined, { path: rel });
  }
  if (isNodeError(err, 'ENOSPC')) return failure('no-space', `Cannot write ${rel}: the disk is full.`, 'Free some space, then run again. Nothing was changed.', undefined, { path: rel });
  return failure('write-failed', `Cannot write ${rel}: ${(err as Error).message}.`, 'Nothing was changed.', undefined, { path: rel });
}

function backupPath(abs: string): string {
  let candidate = `${abs}.bak`;
  for (let n = 2; existsSync(candidate); n += 1) candidate = `${abs}.bak${n}`;
  return candidate;
}

const TMP_MARK = '.agent-team-tmp';

/**
 * Applies a plan as close to all-or-nothing as a file system allows. Every new content is
 * written to a staging file beside its target and backups are copied; only then are staging
 * files renamed into place, files deleted, emptied folders pruned, and `last` (the lockfile)
 * written. A journal written before the first rename lets the next command finish a crashed
 * apply (recoverInterrupted); a failure while staging removes everything it created.
 */
export function applyEntries(root: string, entries: PlanEntry[], options: ApplyOptions = {}): ApplyResult {
  const fs = options.fs ?? processFs();
  const realRoot = realpathSync(root);
  const writes: Array<{ path: string; content: Buffer; executable?: boolean }> = [];
  const deletes: string[] = [];
  const backups: Array<{ path: string; abs: string }> = [];
  for (const entry of entries) {
    if ((entry.action === 'create' || entry.action === 'update') && entry.content) {
      writes.push({ path: entry.path, content: entry.content, executable: entry.executable });
    } else if (entry.action === 'delete') deletes.push(entry.path);
    if (entry.backup && (entry.action === 'update' || entry.action === 'delete')) backups.push({ path: entry.path, abs: '' });
  }
  const targets = new Map<string, string>();
  for (const path of [...writes.map((w) => w.path), ...deletes, ...(options.last ? [options.last.path] : [])]) {
    targets.set(path, safeTarget(root, path, 'file', realRoot));
  }

  const suffix = `.${process.pid}.${Date.now().toString(36)}${TMP_MARK}`;
  const journal: Journal = {
    pid: process.pid,
    phase: 'staging',
    writes: [...writes, ...(options.last ? [options.last] : [])].map((w) => ({ path: w.path, tmp: `${targets.get(w.path)!}${suffix}`, sha: options.ownership?.[w.path] ?? null })),
    deletes,
    backups: [],
  };
  const createdDirs: string[] = [];
  const staged: string[] = [];
  let current = '';
  try {
    writeLocal(root, JOURNAL_FILE, journal, fs);
    for (const [i, write] of writes.entries()) {
      current = write.path;
      const abs = targets.get(write.path)!;
      const missing: string[] = [];
      for (let dir = dirname(abs); !existsSync(dir); dir = dirname(dir)) missing.unshift(dir);
      for (const dir of missing) {
        fs.mkdirSync(dir);
        createdDirs.push(dir);
      }
      const mode = existsSync(abs) ? statSync(abs).mode & 0o777 : write.executable ? 0o755 : 0o644;
      const tmp = journal.writes[i]!.tmp;
      staged.push(tmp);
      fs.writeFileSync(tmp, write.content, { mode, flag: 'wx' });
    }
    for (const backup of backups) {
      current = backup.path;
      const abs = targets.get(backup.path)!;
      backup.abs = backupPath(abs);
      fs.copyFileSync(abs, backup.abs);
      journal.backups.push(backup.abs);
    }
    journal.phase = 'commit';
    writeLocal(root, JOURNAL_FILE, journal, fs);
  } catch (err) {
    for (const tmp of staged) safely(() => fs.rmSync(tmp, { force: true }));
    for (const b of backups) if (b.abs) safely(() => fs.rmSync(b.abs, { force: true }));
    for (const dir of createdDirs.reverse()) safely(() => fs.rmdirSync(dir));
    safely(() => removeLocal(root, JOURNAL_FILE, fs));
    throw writeError(current, err);
  }

  try {
    for (const [i, write] of writes.entries()) {
      current = write.path;
      fs.renameSync(journal.writes[i]!.tmp, targets.get(write.path)!);
    }
    for (const path of deletes) {
      current = path;
      try {
        fs.unlinkSync(targets.get(path)!);
      } catch (err) {
        if (!isNodeError(err, 'ENOENT')) throw err;
      }
      pruneEmptyParents(root, path, fs);
    }
    if (options.last) {
      current = options.last.path;
      const abs = targets.get(options.last.path)!;
      if (!existsSync(dirname(abs))) fs.mkdirSync(dirname(abs), { recursive: true });
      const tmp = journal.writes[writes.length]!.tmp;
      fs.writeFileSync(tmp, options.last.content, { mode: 0o644 });
      fs.renameSync(tmp, abs);
    }
    const state = finishJournal(root, journal, readLocalState(root), options.ownership ?? {}, fs);
    if (!options.forget && options.bases) storeObjects(root, options.bases.list, new Set([...Object.values(state.files), ...options.bases.keep]), fs);
    for (const dir of options.prune ?? []) safely(() => existsSync(join(root, dir)) && readdirSync(join(root, dir)).length === 0 && fs.rmdirSync(join(root, dir)));
    // The local record goes last: until it is gone, a cut-short uninstall is found and finished by running it again.
    if (options.forget) fs.rmSync(join(root, LOCAL_DIR), { recursive: true, force: true });
  } catch (err) {
    // Part of the plan is in place: record what is, so the next sync completes the rest.
    recoverInterrupted(root, fs);
    const base = writeError(current, err);
    throw failure('apply-interrupted', `${base.message.replace(/\.$/, '')}; the project is partly updated.`, 'Fix the cause, then sync again: it completes the change from where it stopped.', undefined, { path: current });
  }
  return {
    written: writes.map((w) => w.path),
    deleted: deletes,
    backups: backups.map((b) => toPosix(relative(root, b.abs))),
  };
}

function safely(work: () => unknown): void {
  try {
    work();
  } catch {
    // best effort: a leftover is cleaned by the next command
  }
}

function finishJournal(root: string, journal: Journal, state: LocalState, ownership: Record<string, string | null>, fs: ApplyFs): LocalState {
  const files = { ...state.files };
  for (const [path, sha] of Object.entries(ownership)) {
    if (sha === null) delete files[path];
    else files[path] = sha;
  }
  writeLocal(root, STATE_FILE, { files }, fs);
  removeLocal(root, JOURNAL_FILE, fs);
  void journal;
  return { files };
}

/**
 * Finishes what a crashed or failed apply left: staging files go, files that reached their place
 * are recorded as agent-team's, files it deleted are forgotten. Safe to run at any time under the
 * project lock; returns whether there was anything to recover.
 */
export function recoverInterrupted(root: string, fs: ApplyFs = processFs()): boolean {
  const journal = readJournal(root);
  if (!journal) {
    if (existsSync(join(root, JOURNAL_FILE))) safely(() => removeLocal(root, JOURNAL_FILE, fs));
    return false;
  }
  const ownership: Record<string, string | null> = {};
  const realRoot = realpathSync(root);
  const committing = journal.phase === 'commit';
  for (const write of journal.writes) {
    // Only staging names of ours inside the project are ever touched.
    if (!write.tmp.endsWith(TMP_MARK) || !isInside(realRoot, write.tmp)) continue;
    if (existsSync(write.tmp)) safely(() => fs.rmSync(write.tmp, { force: true }));
    else if (committing && write.sha) ownership[write.path] = write.sha;
  }
  if (committing) {
    for (const path of journal.deletes) if (!existsSync(join(root, path))) ownership[path] = null;
  } else {
    for (const backup of journal.backups) if (/\.bak\d*$/.test(backup) && isInside(realRoot, backup)) safely(() => fs.rmSync(backup, { force: true }));
  }
  finishJournal(root, journal, readLocalState(root), ownership, fs);
  return true;
}

/** Removes folders that the deletion left empty, up to (not including) the folder that holds them. */
function pruneEmptyParents(root: string, path: string, fs: ApplyFs): void {
  const base = PRUNABLE_PARENTS.find((p) => path.startsWith(`${p}/`));
  if (!base) return;
  for (let dir = dirname(path); dir.startsWith(`${base}/`); dir = dirname(dir)) {
    const abs = join(root, dir);
    try {
      if (readdirSync(abs).length > 0) return;
      fs.rmdirSync(abs);
    } catch {
      return;
    }
  }
}
