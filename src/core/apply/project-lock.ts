import { mkdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { failure, isNodeError } from '../errors.js';
import { CLAUDE_DIR } from '../paths.js';

/**
 * The project lock: one writer at a time, whether CLI, dashboard or a second terminal.
 *
 * It is a folder (mkdir is atomic) holding its owner's pid and process start time. It is held
 * for exactly as long as that process lives: nothing expires by age, so a long operation cannot
 * lose it (a timer-refreshed lock cannot refresh while the operation runs synchronously). A lock
 * whose owner is gone — killed, crashed — is taken over at once. Only "someone holds it" waits;
 * any other error (permissions, a read-only disk) is reported straight away.
 */
export const LOCK_DIR = `${CLAUDE_DIR}/.agent-team.lck`;
const OWNER_FILE = 'owner.json';

export interface LockOwner {
  pid: number;
  /** The owner's start time as the kernel records it, so a reused pid is not mistaken for it. */
  start: string | null;
  host: string;
  command: string;
  since: string;
}

export interface LockOptions {
  /** Called once when the wait passes `noticeAfterMs`, with who holds the lock. */
  onWait?: (owner: LockOwner | undefined) => void;
  noticeAfterMs?: number;
  /** Give up after this long with a `busy` error. */
  timeoutMs?: number;
  /** What this process is doing, shown to whoever waits for it. */
  command?: string;
}

/** The kernel's start time of a process (Linux), or null where it cannot be read. */
function startTime(pid: number | 'self'): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in parentheses may contain spaces; fields are counted after it.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function alive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true; // another machine's process: we cannot tell, so assume it runs
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if (isNodeError(err, 'ESRCH')) return false;
    // EPERM: it exists but belongs to another user.
  }
  if (owner.start === null) return true;
  const now = startTime(owner.pid);
  return now === null || now === owner.start;
}

function readOwner(dir: string): LockOwner | undefined {
  try {
    const data = JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')) as LockOwner;
    return typeof data.pid === 'number' ? data : undefined;
  } catch {
    return undefined;
  }
}

/** A lock folder left without an owner file by a process killed between mkdir and write. */
function ownerless(dir: string, now: number): boolean {
  try {
    return now - statSync(dir).mtimeMs > 1000;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function denied(err: unknown): boolean {
  return isNodeError(err) && ['EACCES', 'EPERM', 'EROFS'].includes(err.code ?? '');
}

export function notWritable(err: unknown): Error {
  const code = isNodeError(err) ? err.code : undefined;
  return failure(
    'not-writable',
    code === 'EROFS' ? `Cannot write to ${CLAUDE_DIR}/: read-only file system.` : `Cannot write to ${CLAUDE_DIR}/: permission denied.`,
    `Make ${CLAUDE_DIR}/ writable, then run again. Nothing was changed.`,
    undefined,
    { path: CLAUDE_DIR },
  );
}

/** Takes the lock of the project at `root` (whose .claude/ must exist) and returns its release. */
export async function acquireProjectLock(root: string, options: LockOptions = {}): Promise<() => void> {
  const dir = join(root, LOCK_DIR);
  const me: LockOwner = {
    pid: process.pid,
    start: startTime('self'),
    host: hostname(),
    command: options.command ?? 'agent-team',
    since: new Date().toISOString(),
  };
  const began = Date.now();
  const noticeAfter = options.noticeAfterMs ?? 1000;
  const timeout = options.timeoutMs ?? 60_000;
  let noticed = false;
  for (let attempt = 0; ; attempt += 1) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, OWNER_FILE), `${JSON.stringify(me)}\n`);
      return () => rmSync(dir, { recursive: true, force: true });
    } catch (err) {
      if (denied(err)) throw notWritable(err);
      if (isNodeError(err, 'ENOENT') && attempt < 3) {
        // An uninstall that just finished removed the emptied .claude/: make it again and retry.
        mkdirSync(join(root, CLAUDE_DIR), { recursive: true });
        continue;
      }
      if (!isNodeError(err, 'EEXIST')) throw err;
    }
    const owner = readOwner(dir);
    const now = Date.now();
    if (owner ? !alive(owner) : ownerless(dir, now)) {
      // Moved aside first, so two processes that both find it stale cannot both take it.
      const aside = `${dir}.stale-${process.pid}-${attempt}`;
      try {
        renameSync(dir, aside);
        rmSync(aside, { recursive: true, force: true });
      } catch {
        // someone else took it over first: try again
      }
      continue;
    }
    if (!noticed && now - began >= noticeAfter) {
      noticed = true;
      options.onWait?.(owner);
    }
    if (now - began >= timeout) {
      const who = owner ? `${owner.command} (pid ${owner.pid}${owner.host !== me.host ? ` on ${owner.host}` : ''}, since ${owner.since})` : 'another agent-team process';
      throw failure('busy', `${who} is changing this project right now.`, `Wait for it to finish, then run again. If it is not running any more, delete ${LOCK_DIR}.`, undefined, { owner });
    }
    await sleep(Math.min(25 * (attempt + 1), 100));
  }
}

/**
 * Runs `work` holding the project's lock, creating .claude/ for it if needed (and removing it
 * again if the work left it empty).
 */
export async function withProjectLock<T>(root: string, work: () => T | Promise<T>, options: LockOptions = {}): Promise<T> {
  const claudeDir = join(root, CLAUDE_DIR);
  let created = false;
  try {
    mkdirSync(claudeDir);
    created = true;
  } catch (err) {
    if (denied(err)) throw notWritable(err);
    if (!isNodeError(err, 'EEXIST')) throw err;
    if (!statSync(claudeDir).isDirectory()) {
      throw failure('not-a-folder', `${CLAUDE_DIR} is a file, but Claude Code needs a folder there.`, `Move ${CLAUDE_DIR} away, then run again.`, undefined, { path: CLAUDE_DIR });
    }
  }
  let release: (() => void) | undefined;
  try {
    release = await acquireProjectLock(root, options);
    return await work();
  } finally {
    release?.();
    if (created) {
      try {
        rmdirSync(claudeDir);
      } catch {
        // it now holds the team: keep it
      }
    }
  }
}
