import { findBlock, removeBlock, spliceBlock } from '../claude/claude-md.js';
import { contentHash } from '../hash.js';
import { fileGroup } from '../paths.js';
import type { DesiredFile, FileKind } from '../render/project.js';
import { LOCKFILE_VERSION, type LockData, type LockEntryData } from '../apply/lock-schema.js';

export type Action = 'create' | 'update' | 'unchanged' | 'delete' | 'conflict' | 'keep';

/**
 * Why a file is a conflict or is kept:
 * - edited: agent-team wrote it and someone changed it since (`--force` replaces it, keeping a .bak);
 * - foreign: a file agent-team did not write stands where it wants to write (never replaced);
 * - user-file: a file that agent-team only ever creates once already exists.
 */
export type Reason = 'edited' | 'foreign' | 'user-file';

export interface PlanEntry {
  path: string;
  kind: FileKind | 'team' | 'settings';
  action: Action;
  agents: string[];
  reason?: Reason;
  /** The whole new file, for create and update. */
  content?: Buffer;
  /** Copy the current file to a .bak before replacing or deleting it. */
  backup?: boolean;
  executable?: boolean;
  group?: string;
}

export interface Plan {
  entries: PlanEntry[];
  lock: LockData;
}

export interface PlanOptions {
  force: boolean;
  generator: string;
  catalogDigest: string;
}

/** What is on disk now; undefined when the file does not exist. */
export type DiskReader = (path: string) => Buffer | undefined;

const utf8 = (s: string) => Buffer.from(s, 'utf8');

/**
 * Compares what the team needs with what is on disk and what the lockfile says we wrote.
 * A file is only ever replaced or deleted when its content is still what we wrote, or with
 * `force` when we wrote it and it was edited since; files we did not write are never touched.
 */
export function planChanges(desired: DesiredFile[], disk: DiskReader, lock: LockData | undefined, options: PlanOptions): Plan {
  const locked = lock?.files ?? {};
  const files: Record<string, LockEntryData> = {};
  const entries: PlanEntry[] = [];
  const record = (file: DesiredFile, sha256: string) => {
    files[file.path] = { sha256, kind: file.kind, agents: [...file.agents].sort() };
  };

  // A skill folder someone else put there is theirs as a whole: never add our files into it.
  const foreignGroups = new Set<string>();
  for (const file of desired) {
    const group = fileGroup(file.path);
    if (!group || locked[file.path]) continue;
    const current = disk(file.path);
    if (current && contentHash(current) !== file.hash) foreignGroups.add(group);
  }

  for (const file of desired) {
    const group = fileGroup(file.path);
    const base = { path: file.path, kind: file.kind, agents: file.agents, group, executable: file.executable };
    const current = disk(file.path);
    const previous = locked[file.path];
    const want = file.hash;

    if (file.kind === 'block') {
      entries.push(planBlock(file, current?.toString('utf8'), previous, options, record));
      continue;
    }
    if (group && foreignGroups.has(group)) {
      entries.push({ ...base, action: 'conflict', reason: 'foreign' });
      continue;
    }
    if (!current) {
      entries.push({ ...base, action: 'create', content: file.read() });
      record(file, want);
      continue;
    }
    if (file.kind === 'seed') {
      if (previous) {
        entries.push({ ...base, action: 'unchanged' });
        files[file.path] = { ...previous, agents: [...file.agents].sort() };
      } else if (contentHash(current) === want) {
        entries.push({ ...base, action: 'unchanged' });
        record(file, want);
      } else {
        entries.push({ ...base, action: 'keep', reason: 'user-file' });
      }
      continue;
    }
    const have = contentHash(current);
    if (have === want) {
      entries.push({ ...base, action: 'unchanged' });
      record(file, want);
    } else if (!previous) {
      entries.push({ ...base, action: 'conflict', reason: 'foreign' });
    } else if (have === previous.sha256 || options.force) {
      entries.push({ ...base, action: 'update', content: file.read(), backup: have !== previous.sha256 });
      record(file, want);
    } else {
      entries.push({ ...base, action: 'conflict', reason: 'edited' });
      files[file.path] = { ...previous, agents: [...file.agents].sort() };
    }
  }

  const wanted = new Set(desired.map((f) => f.path));
  for (const [path, previous] of Object.entries(locked)) {
    if (wanted.has(path)) continue;
    const current = disk(path);
    if (!current) continue;
    const base = { path, kind: previous.kind, agents: previous.agents, group: fileGroup(path) };
    if (previous.kind === 'block') {
      const text = current.toString('utf8');
      const found = findBlock(text);
      if (!found) continue;
      if (contentHash(utf8(found.inner)) === previous.sha256 || options.force) {
        const rest = removeBlock(text);
        entries.push(rest === ''
          ? { ...base, action: 'delete', backup: contentHash(utf8(found.inner)) !== previous.sha256 }
          : { ...base, action: 'update', content: utf8(rest), backup: contentHash(utf8(found.inner)) !== previous.sha256 });
      } else {
        entries.push({ ...base, action: 'conflict', reason: 'edited' });
        files[path] = previous;
      }
      continue;
    }
    const edited = contentHash(current) !== previous.sha256;
    if (!edited || options.force) entries.push({ ...base, action: 'delete', backup: edited });
    else entries.push({ ...base, action: 'keep', reason: 'edited' });
  }

  return {
    entries,
    lock: { lockfileVersion: LOCKFILE_VERSION, generator: options.generator, catalog: options.catalogDigest, files },
  };
}

function planBlock(
  file: DesiredFile,
  text: string | undefined,
  previous: LockEntryData | undefined,
  options: PlanOptions,
  record: (file: DesiredFile, sha: string) => void,
): PlanEntry {
  const base = { path: file.path, kind: file.kind, agents: file.agents };
  const inner = file.read().toString('utf8');
  const want = file.hash;
  const found = text === undefined ? undefined : findBlock(text);
  if (text === undefined || !found) {
    record(file, want);
    return { ...base, action: text === undefined ? 'create' : 'update', content: utf8(spliceBlock(text, inner)) };
  }
  const have = contentHash(utf8(found.inner));
  if (have === want) {
    record(file, want);
    return { ...base, action: 'unchanged' };
  }
  // Markers without a lock entry are ours too (the lockfile was deleted): the block is regenerated.
  if (!previous || have === previous.sha256 || options.force) {
    record(file, want);
    return { ...base, action: 'update', content: utf8(spliceBlock(text, inner)), backup: Boolean(previous) && have !== previous!.sha256 };
  }
  record(file, previous.sha256);
  return { ...base, action: 'conflict', reason: 'edited' };
}

/** True when applying the plan would change any file. */
export function hasChanges(plan: Plan): boolean {
  return plan.entries.some((e) => e.action === 'create' || e.action === 'update' || e.action === 'delete');
}

export function countActions(entries: PlanEntry[]): Record<Action, number> {
  const counts: Record<Action, number> = { create: 0, update: 0, unchanged: 0, delete: 0, conflict: 0, keep: 0 };
  for (const e of entries) counts[e.action] += 1;
  return counts;
}
