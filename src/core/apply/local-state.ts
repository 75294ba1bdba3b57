import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLAUDE_DIR } from '../paths.js';
import { safeTarget } from './safe-path.js';
import type { ApplyFs } from './fs.js';

/**
 * What agent-team on THIS machine knows it wrote, kept in `.claude/.agent-team/`, which ignores
 * itself in git. The committed lockfile says what the team's files should be; it cannot prove who
 * wrote a file, because anyone can edit it (a pull request that only touches the lockfile could
 * otherwise make a teammate's next sync delete their files). Deleting or replacing a file without
 * a backup needs this local record.
 *
 * The journal is written before apply renames anything and removed when it is done: after a
 * crash (kill -9, power cut) the next command finds it, removes the staging files it lists and
 * records the files that did reach their place, so one `sync` finishes the job.
 */
export const LOCAL_DIR = `${CLAUDE_DIR}/.agent-team`;
export const STATE_FILE = `${LOCAL_DIR}/state.json`;
export const JOURNAL_FILE = `${LOCAL_DIR}/journal.json`;
export const UNDO_FILE = `${LOCAL_DIR}/undo.json`;
const IGNORE_FILE = `${LOCAL_DIR}/.gitignore`;
const MAX_STATE_BYTES = 16 * 1024 * 1024;

export interface LocalState {
  /** Path → sha256 of what agent-team last wrote there (for a CLAUDE.md block: of the block). */
  files: Record<string, string>;
}

export interface Journal {
  pid: number;
  /** `staging` until every new content is staged; `commit` once renames may have begun. */
  phase: 'staging' | 'commit';
  /** Staging files, each with the target it is renamed to and the hash recorded for the target. */
  writes: Array<{ path: string; tmp: string; sha: string | null }>;
  deletes: string[];
  backups: string[];
}

const SHA = /^[a-f0-9]{64}$/;

/**
 * The local folder must be a real folder inside the project: one that is a link to elsewhere is
 * refused for writing and ignored for reading (it could grant ownership of the user's files).
 */
export function assertLocalInside(root: string): void {
  safeTarget(root, LOCAL_DIR, 'folder');
}

export function localInside(root: string): boolean {
  try {
    assertLocalInside(root);
    return true;
  } catch {
    return false;
  }
}

function readJson(root: string, path: string): unknown {
  if (!localInside(root)) return undefined;
  try {
    const text = readFileSync(join(root, path), 'utf8');
    return text.length > MAX_STATE_BYTES ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The local record; a damaged one counts as empty (it only ever grants, never takes away). */
export function readLocalState(root: string): LocalState {
  const data = readJson(root, STATE_FILE) as { files?: unknown } | undefined;
  const files: Record<string, string> = {};
  if (data && typeof data.files === 'object' && data.files !== null && !Array.isArray(data.files)) {
    for (const [path, sha] of Object.entries(data.files)) if (typeof sha === 'string' && SHA.test(sha)) files[path] = sha;
  }
  return { files };
}

export function readJournal(root: string): Journal | undefined {
  const data = readJson(root, JOURNAL_FILE) as Journal | undefined;
  if (!data || !Array.isArray(data.writes) || !Array.isArray(data.deletes)) return undefined;
  return {
    pid: Number(data.pid),
    phase: data.phase === 'commit' ? 'commit' : 'staging',
    writes: data.writes.filter((w) => w && typeof w.path === 'string' && typeof w.tmp === 'string'),
    deletes: data.deletes.filter((d) => typeof d === 'string'),
    backups: Array.isArray(data.backups) ? data.backups.filter((b) => typeof b === 'string') : [],
  };
}

export function journalExists(root: string): boolean {
  return existsSync(join(root, JOURNAL_FILE));
}

/** Writes a file of the local folder atomically, creating the folder (and its .gitignore) first. */
export function writeLocal(root: string, path: string, data: unknown, fs: ApplyFs): void {
  assertLocalInside(root);
  const dir = join(root, LOCAL_DIR);
  if (!existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true });
  }
  if (!existsSync(join(root, IGNORE_FILE))) fs.writeFileSync(join(root, IGNORE_FILE), '# agent-team\'s record of what it wrote on this machine: not for git.\n*\n');
  const abs = join(root, path);
  const tmp = `${abs}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, `${JSON.stringify(data)}\n`);
    fs.renameSync(tmp, abs);
  } catch (err) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // the next write replaces it
    }
    throw err;
  }
}

export function removeLocal(root: string, path: string, fs: ApplyFs): void {
  fs.rmSync(join(root, path), { force: true });
}

/** How to take back the last applied change: the team file and `agent` settings as they were. */
export interface UndoPoint {
  at: string;
  /** What the change was, for the words that offer the undo. */
  what: string;
  /** The team file's text before, or null when it did not exist. */
  team: string | null;
  /** The `agent` value of each settings file before (null: the key was absent). */
  agent: Record<string, string | null>;
}

export function readUndo(root: string): UndoPoint | undefined {
  const data = readJson(root, UNDO_FILE) as UndoPoint | undefined;
  if (!data || typeof data.at !== 'string' || (data.team !== null && typeof data.team !== 'string') || typeof data.agent !== 'object' || data.agent === null) return undefined;
  const agent: Record<string, string | null> = {};
  for (const [path, value] of Object.entries(data.agent)) if (value === null || typeof value === 'string') agent[path] = value;
  return { at: data.at, what: typeof data.what === 'string' ? data.what : 'the last change', team: data.team, agent };
}
