import { findBlock, removeBlock, spliceBlock } from '../claude/claude-md.js';
import { contentHash, gitBlobId } from '../hash.js';
import { sameNames, sortedNames } from '../team/name-lists.js';
import { fileGroup } from '../paths.js';
import type { DesiredFile, FileKind } from '../render/project.js';
import { LOCKFILE_VERSION, type LockData, type LockEntryData } from '../apply/lock-schema.js';
import type { AgentSpecData } from '../team/names-schema.js';
import { isText, mergeText } from './merge.js';

export type Action = 'create' | 'update' | 'unchanged' | 'delete' | 'conflict' | 'keep';

/**
 * Why a file is kept, merged or a conflict:
 * - edited: agent-team wrote it and someone changed it since, and there is no earlier version to
 *   merge with (a conflict), or it is no longer needed (kept);
 * - customised: edited, and the new version is the one it was made from: nothing to bring in;
 * - merged: edited, and the new version merged into it cleanly;
 * - merge-conflict: edited, and the new version changes the same lines; the user's file stays and
 *   the new version is written beside it (`<file>.agent-team-new`);
 * - foreign: a file agent-team did not write stands where it wants to write (never replaced);
 * - user-file: the file is the user's, even where identical to what agent-team would write;
 * - unproven: no longer needed, but agent-team cannot prove it wrote this file, so it stays.
 */
export type Reason = 'edited' | 'customised' | 'merged' | 'merge-conflict' | 'foreign' | 'user-file' | 'unproven';

export interface PlanEntry {
  path: string;
  kind: FileKind | 'team' | 'settings' | 'upstream';
  action: Action;
  agents: string[];
  reason?: Reason;
  /** The whole new file, for create and update. */
  content?: Buffer;
  /** contentHash of `content`, where it is known without reading it. */
  hash?: string;
  /** Copy the current file to a .bak before replacing or deleting it. */
  backup?: boolean;
  executable?: boolean;
  group?: string;
  /** For a settings conflict: the key a user's value holds ([] = the whole file is not valid JSON). */
  setting?: string[];
}

export interface Plan {
  entries: PlanEntry[];
  lock: LockData;
  /** For each file agent-team now vouches for: the hash and content to keep as the next merge base (the desired file itself). */
  bases: Array<{ path: string; hash: string; read(): Buffer }>;
}

/** What is on disk now; undefined when the file does not exist. */
export type DiskReader = (path: string) => Buffer | undefined;

/**
 * How a person decided one conflicting file (operations/resolve.ts):
 * - keep: their file stays as it is and the new version counts as seen: the lockfile records the
 *   new render as the file's base (and the merge base store keeps it), so the file is `customised`
 *   from then on — kept, not a conflict, and a later version is merged into it from this base;
 * - replace: the new render replaces it, the user's file copied to a .bak first (what `force` does);
 * - merge: the three-way result is written, with conflict markers where the two sides clash.
 */
export type Choice = 'keep' | 'replace' | 'merge';

export interface PlanContext {
  disk: DiskReader;
  /** The content hash of a file on disk (undefined: no file), when it can be known without reading it. */
  hash?: (path: string) => string | undefined;
  lock?: LockData;
  /** What this machine's agent-team last wrote at each path (apply/local-state.ts). */
  written: Record<string, string>;
  /** An earlier version by its hash (or git blob id), to merge with; undefined when it is gone. */
  base?: (sha256: string, git: string | undefined, path: string) => Buffer | undefined;
  /** Hash of what agent-team would write at a path no longer wanted, for the owners it had. */
  reconstruct?: (path: string) => string | undefined;
  force: boolean;
  /** Write conflict markers into the file instead of the new version beside it. */
  markers?: boolean;
  generator: string;
  catalogDigest: string;
  agents?: Record<string, AgentSpecData>;
  /** A person's decision for a conflicting file, by path (only conflicts consult it). */
  choose?: (path: string) => Choice | undefined;
  /** Paths this change does not touch (see `untouched`): left as the lockfile records them, unread. */
  untouched?: ReadonlySet<string>;
}

/**
 * A file a change does not touch: the lockfile records it with the very content and owners it
 * would have now. A command that changes part of the team (add, remove) leaves such files as
 * they are without looking at them, so its work follows the change, not the team; sync is what
 * checks every file against the disk.
 */
export function untouched(file: DesiredFile, previous: LockEntryData | undefined): boolean {
  return file.kind !== 'block' && previous !== undefined && previous.kind === file.kind && previous.sha256 === file.hash && sameNames(previous.agents, file.agents);
}

export const UPSTREAM_SUFFIX = '.agent-team-new';

const UNSEEN = Symbol('unseen');

const utf8 = (s: string) => Buffer.from(s, 'utf8');

/**
 * Compares what the team needs with what is on disk, what the lockfile says and what this
 * machine wrote. A file is replaced or deleted only when agent-team can prove it wrote it (its
 * local record, or content it would write itself); an edited file is merged with the new version;
 * a file that merely looks like ours is the user's. Every other file is left alone.
 */
export function planChanges(desired: DesiredFile[], ctx: PlanContext): Plan {
  const locked = ctx.lock?.files ?? {};
  const files: Record<string, LockEntryData> = {};
  const entries: PlanEntry[] = [];
  const bases: Plan['bases'] = [];
  const ours = (path: string) => Object.hasOwn(locked, path) || Object.hasOwn(ctx.written, path);
  const lookUp = ctx.hash ?? ((path: string) => {
    const data = ctx.disk(path);
    return data ? contentHash(data) : undefined;
  });
  // A file in a skill folder is asked for twice (for its folder's owner, then itself): looked up once.
  const looked: Array<string | undefined | typeof UNSEEN> = new Array<typeof UNSEEN>(desired.length).fill(UNSEEN);
  const hashOf = (i: number) => {
    const known = looked[i];
    return known === UNSEEN ? (looked[i] = lookUp(desired[i]!.path)) : known;
  };
  const record = (file: DesiredFile, sha256: string, whole?: Buffer) => {
    files[file.path] = lockEntry(sha256, file.kind, file.agents, whole ? gitBlobId(whole) : undefined);
  };
  // `git` is the git id of the file as written (for a block: all of CLAUDE.md); without it the git
  // id the lockfile had is kept, so an unchanged file is never rendered just to be recorded.
  const vouch = (file: DesiredFile, git: string | undefined) => {
    const previousGit = Object.hasOwn(locked, file.path) && locked[file.path]!.sha256 === file.hash ? locked[file.path]!.git : undefined;
    files[file.path] = lockEntry(file.hash, file.kind, file.agents, git ?? previousGit);
    bases.push(file);
  };
  const keepPrevious = (file: DesiredFile, previous: LockEntryData | undefined, sha: string) => {
    files[file.path] = { ...(previous ?? { kind: file.kind }), sha256: sha, kind: file.kind, agents: sortedNames(file.agents) };
  };

  // A skill folder someone else put there is theirs as a whole: never add our files into it. It
  // is a conflict where it differs from ours, and simply theirs where it is the same.
  const foreignGroups = new Map<string, 'conflict' | 'keep'>();
  const groups = desired.map((file) => fileGroup(file.path));
  for (let i = 0; i < desired.length; i += 1) {
    const file = desired[i]!;
    const group = groups[i];
    if (!group || ours(file.path) || ctx.untouched?.has(file.path)) continue;
    const have = hashOf(i);
    if (have === undefined) continue;
    if (have !== file.hash) foreignGroups.set(group, 'conflict');
    else if (!foreignGroups.has(group)) foreignGroups.set(group, 'keep');
  }

  for (let i = 0; i < desired.length; i += 1) {
    const file = desired[i]!;
    const group = groups[i];
    const previous = Object.hasOwn(locked, file.path) ? locked[file.path] : undefined;
    const wrote = Object.hasOwn(ctx.written, file.path) ? ctx.written[file.path] : undefined;
    if (previous && ctx.untouched?.has(file.path)) {
      entries.push({ ...baseOf(file, group), action: 'unchanged' });
      files[file.path] = previous;
      continue;
    }
    if (file.kind === 'block') {
      entries.push(...planBlock(file, ctx.disk(file.path), previous, wrote, ctx, { record, vouch, keepPrevious }));
      continue;
    }
    const have = hashOf(i);
    const foreign = group ? foreignGroups.get(group) : undefined;
    if (foreign) {
      const base = baseOf(file, group);
      entries.push(foreign === 'conflict' ? { ...base, action: 'conflict', reason: 'foreign' } : { ...base, action: 'keep', reason: 'user-file' });
      continue;
    }
    if (have === undefined) {
      entries.push(withContent('create', group, file));
      vouch(file, gitWorthy(file) ? gitOf(file) : undefined);
      continue;
    }
    // Made only past the common case above: a first install of a big team is thousands of new files.
    const base = baseOf(file, group);
    if (file.kind === 'seed') {
      // Created once, then the user's: it is never rewritten.
      if (previous || wrote) {
        entries.push({ ...base, action: 'unchanged' });
        keepPrevious(file, previous, previous?.sha256 ?? wrote!);
      } else entries.push({ ...base, action: 'keep', reason: 'user-file' });
      continue;
    }
    if (have === file.hash) {
      if (previous || wrote) {
        entries.push({ ...base, action: 'unchanged' });
        // A lockfile that lost its git id (lost, or from an older version) gets it back.
        vouch(file, gitWorthy(file) && !previous?.git ? gitOf(file) : undefined);
      } else entries.push({ ...base, action: 'keep', reason: 'user-file' });
      continue;
    }
    if (!previous && !wrote) {
      const choice = ctx.choose?.(file.path);
      if (choice === 'replace') {
        entries.push({ ...base, action: 'update', content: file.read(), backup: true });
        vouch(file, undefined);
      } else if (choice === 'keep') {
        // Adopted: from now on it is an edited copy of the new render, so it stays and is merged into.
        entries.push({ ...base, action: 'keep', reason: 'customised' });
        vouch(file, undefined);
      } else entries.push({ ...base, action: 'conflict', reason: 'foreign' });
      continue;
    }
    if (have === wrote || (have === previous?.sha256 && wrote === undefined)) {
      // Unedited: what agent-team wrote here (the lockfile alone cannot prove it: keep a backup then).
      entries.push(withContent('update', group, file, have !== wrote));
      vouch(file, gitWorthy(file) ? gitOf(file) : undefined);
      continue;
    }
    entries.push(...planEdited(file, base, () => ctx.disk(file.path) ?? Buffer.alloc(0), previous, wrote, ctx, { vouch, keepPrevious }));
  }

  const wanted = new Set(desired.map((f) => f.path));
  const candidates = new Set([...Object.keys(locked), ...Object.keys(ctx.written)]);
  for (const path of [...candidates].sort()) {
    if (wanted.has(path)) continue;
    const previous = Object.hasOwn(locked, path) ? locked[path] : undefined;
    const wrote = Object.hasOwn(ctx.written, path) ? ctx.written[path] : undefined;
    const kind = previous?.kind ?? 'managed';
    const base = { path, kind, agents: previous?.agents ?? [], group: fileGroup(path) };
    const keep = (reason: Reason) => {
      entries.push({ ...base, action: 'keep', reason });
      if (previous) files[path] = previous;
    };
    if (kind === 'block') {
      const current = ctx.disk(path);
      if (!current) continue;
      const found = findBlock(current.toString('utf8'));
      if (!found) continue;
      const inner = contentHash(utf8(found.inner));
      const proven = inner === wrote || inner === ctx.reconstruct?.(path) || (inner === previous?.sha256 && !wrote);
      if (proven || ctx.force) {
        const rest = removeBlock(current.toString('utf8'));
        const backup = inner !== wrote;
        entries.push(rest === '' ? { ...base, action: 'delete', backup } : { ...base, action: 'update', content: utf8(rest), backup });
      } else keep('edited');
      continue;
    }
    const have = lookUp(path);
    if (have === undefined) continue;
    if (have === wrote) entries.push({ ...base, action: 'delete' });
    else if (have === ctx.reconstruct?.(path)) entries.push({ ...base, action: 'delete', backup: true });
    else if (ctx.force && (previous || wrote)) entries.push({ ...base, action: 'delete', backup: true });
    else keep(have === previous?.sha256 && wrote === undefined ? 'unproven' : 'edited');
  }

  return {
    entries,
    bases,
    lock: {
      lockfileVersion: LOCKFILE_VERSION,
      generator: ctx.generator,
      catalog: ctx.catalogDigest,
      ...(ctx.agents ? { agents: ctx.agents } : {}),
      files,
    },
  };
}

function baseOf(file: DesiredFile, group: string | undefined): Omit<PlanEntry, 'action'> {
  return { path: file.path, kind: file.kind, agents: file.agents, group, executable: file.executable };
}

/**
 * An entry whose content is read only when something needs it: a check or a dry run of a big
 * first install never reads the thousands of library files it would copy. `hash` is known
 * without reading (the render or the catalog has it).
 */
function withContent(action: 'create' | 'update', group: string | undefined, file: DesiredFile, backup?: boolean): PlanEntry {
  return new LazyEntry(action, group, file, backup);
}

/** One class for thousands of entries: its content comes from the file on first use, through a getter all of them share. */
class LazyEntry implements PlanEntry {
  readonly path: string;
  readonly kind: FileKind;
  readonly agents: string[];
  readonly executable?: boolean;
  readonly hash: string;
  readonly #file: DesiredFile;
  #content?: Buffer;
  constructor(
    readonly action: 'create' | 'update',
    readonly group: string | undefined,
    file: DesiredFile,
    readonly backup?: boolean,
  ) {
    this.path = file.path;
    this.kind = file.kind;
    this.agents = file.agents;
    this.executable = file.executable;
    this.hash = file.hash;
    this.#file = file;
  }

  get content(): Buffer {
    return (this.#content ??= this.#file.read());
  }
}

function lockEntry(sha256: string, kind: FileKind, agents: string[], git: string | undefined): LockEntryData {
  return git ? { sha256, kind, agents: sortedNames(agents), git } : { sha256, kind, agents: sortedNames(agents) };
}

/** A render remembered from an earlier run knows its git id without being rendered again. */
function gitOf(file: DesiredFile): string {
  return file.git ?? gitBlobId(file.read());
}

/** Files whose git id the lockfile records: the rendered ones, which a user edits and a merge needs. */
function gitWorthy(file: DesiredFile): boolean {
  return file.kind === 'managed' && (file.path.startsWith('.claude/agents/') || file.path.startsWith('.claude/rules/'));
}

interface Recorders {
  vouch: (file: DesiredFile, git: string | undefined) => void;
  keepPrevious: (file: DesiredFile, previous: LockEntryData | undefined, sha: string) => void;
}

/**
 * A file agent-team wrote and someone edited since. With the version it last wrote (the merge
 * base) the new render is merged in; a clash keeps the user's file and puts the new version beside
 * it. Without a base it stays a conflict until someone decides (`force` replaces it, with a backup).
 */
function planEdited(
  file: DesiredFile,
  base: Omit<PlanEntry, 'action'>,
  readCurrent: () => Buffer,
  previous: LockEntryData | undefined,
  wrote: string | undefined,
  ctx: PlanContext,
  rec: Recorders,
): PlanEntry[] {
  const baseSha = previous?.sha256 ?? wrote!;
  if (baseSha === file.hash || wrote === file.hash) {
    // The new render is what was there before: nothing of agent-team's to bring in.
    rec.keepPrevious(file, previous, file.hash);
    return [{ ...base, action: 'keep', reason: 'customised' }];
  }
  const choice = ctx.choose?.(file.path);
  if (ctx.force || choice === 'replace') {
    rec.vouch(file, undefined);
    return [{ ...base, action: 'update', content: file.read(), backup: true }];
  }
  if (choice === 'keep') {
    rec.vouch(file, undefined);
    return [{ ...base, action: 'keep', reason: 'customised' }];
  }
  const before = ctx.base?.(baseSha, previous?.git, file.path) ?? (wrote && wrote !== baseSha ? ctx.base?.(wrote, undefined, file.path) : undefined);
  const theirs = file.read();
  const current = readCurrent();
  const merged = before && isText(before) && isText(current) && isText(theirs) ? mergeText(before.toString('utf8'), current.toString('utf8'), theirs.toString('utf8')) : undefined;
  if (!merged) {
    rec.keepPrevious(file, previous, baseSha);
    return [{ ...base, action: 'conflict', reason: 'edited' }];
  }
  if (merged.clean || ctx.markers || choice === 'merge') {
    rec.vouch(file, undefined);
    return [{ ...base, action: 'update', content: utf8(merged.text), reason: merged.clean ? 'merged' : 'merge-conflict' }];
  }
  rec.keepPrevious(file, previous, baseSha);
  return [
    { ...base, action: 'conflict', reason: 'merge-conflict' },
    { path: `${file.path}${UPSTREAM_SUFFIX}`, kind: 'upstream', action: 'create', agents: file.agents, content: theirs },
  ];
}

function planBlock(
  file: DesiredFile,
  current: Buffer | undefined,
  previous: LockEntryData | undefined,
  wrote: string | undefined,
  ctx: PlanContext,
  rec: Recorders & { record: (file: DesiredFile, sha: string, whole?: Buffer) => void },
): PlanEntry[] {
  const base = { path: file.path, kind: file.kind, agents: file.agents };
  const text = current?.toString('utf8');
  const inner = file.read().toString('utf8');
  const found = text === undefined ? undefined : findBlock(text);
  const next = () => utf8(spliceBlock(text, inner));
  if (text === undefined || !found) {
    const content = next();
    rec.vouch(file, gitBlobId(content));
    return [{ ...base, action: text === undefined ? 'create' : 'update', content }];
  }
  const have = contentHash(utf8(found.inner));
  if (have === file.hash) {
    rec.vouch(file, gitBlobId(current!));
    return [{ ...base, action: 'unchanged' }];
  }
  const choice = ctx.choose?.(file.path);
  // The markers are agent-team's: a block whose lockfile is gone is regenerated.
  const replace = ctx.force || choice === 'replace';
  if ((!previous && !wrote) || have === wrote || have === previous?.sha256 || replace) {
    const content = next();
    rec.vouch(file, gitBlobId(content));
    return [{ ...base, action: 'update', content, backup: replace && have !== wrote && have !== previous?.sha256 }];
  }
  const baseSha = previous?.sha256 ?? wrote!;
  if (baseSha === file.hash || wrote === file.hash) {
    // The new render is what the edited block was made from (e.g. after a merge): nothing to bring in.
    rec.keepPrevious(file, previous, file.hash);
    return [{ ...base, action: 'keep', reason: 'customised' }];
  }
  if (choice === 'keep') {
    rec.vouch(file, undefined);
    return [{ ...base, action: 'keep', reason: 'customised' }];
  }
  const before = ctx.base?.(baseSha, previous?.git, file.path);
  const beforeInner = before ? findBlock(before.toString('utf8'))?.inner ?? before.toString('utf8') : undefined;
  const merged = beforeInner === undefined ? undefined : mergeText(beforeInner, found.inner, inner);
  if (merged && (merged.clean || ctx.markers || choice === 'merge')) {
    const content = utf8(`${found.before}${spliceBlock('', merged.text.endsWith('\n') ? merged.text : `${merged.text}\n`)}${found.after}`);
    rec.vouch(file, gitBlobId(content));
    return [{ ...base, action: 'update', content, reason: merged.clean ? 'merged' : 'merge-conflict' }];
  }
  rec.keepPrevious(file, previous, baseSha);
  if (!merged) return [{ ...base, action: 'conflict', reason: 'edited' }];
  // As for any clashing file: the user's stays, the file with the new section waits beside it.
  return [
    { ...base, action: 'conflict', reason: 'merge-conflict' },
    { path: `${file.path}${UPSTREAM_SUFFIX}`, kind: 'upstream', action: 'create', agents: file.agents, content: next() },
  ];
}

/** True when applying the plan would change any file. */
export function hasChanges(plan: Plan): boolean {
  return plan.entries.some((e) => e.action === 'create' || e.action === 'update' || e.action === 'delete');
}

export function countActions(entries: PlanEntry[]): Record<Action, number> {
  const counts: Record<Action, number> = { create: 0, update: 0, unchanged: 0, delete: 0, conflict: 0, keep: 0 };
  for (let i = 0; i < entries.length; i += 1) counts[entries[i]!.action] += 1;
  return counts;
}
