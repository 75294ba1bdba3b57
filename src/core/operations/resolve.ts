import { serializeLock } from '../apply/lockfile.js';
import { failure } from '../errors.js';
import { own } from '../own.js';
import { LOCK_FILE } from '../paths.js';
import { ownershipAfter, planTeam } from '../pipeline.js';
import { conflictEntries, MARKER } from '../plan/conflicts.js';
import { UPSTREAM_SUFFIX, type Choice, type PlanEntry } from '../plan/plan.js';
import { openProject, projectRoot, readProjectFile } from '../project.js';
import { parseInput, ResolveInput } from './inputs.js';
import { runOperation, type Decision, type OperationOptions, type Outcome } from './run.js';

export interface ResolvedFile {
  path: string;
  choice: Choice;
  /** Where the user's file was copied before it was replaced (once applied). */
  backup?: string;
  /** For merge: how many places carry conflict markers to edit. */
  clashes?: number;
}

export interface ResolveOutcome extends Outcome {
  resolved: ResolvedFile[];
}

/** A plan path as a person may type it: `./x`, `x\y`, or the `.agent-team-new` file beside it. */
function planPath(target: string): string {
  const path = target.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  return path.endsWith(UPSTREAM_SUFFIX) ? path.slice(0, -UPSTREAM_SUFFIX.length) : path;
}

const WHY_NOT: Record<Choice, string> = {
  keep: 'it cannot be kept as it is',
  replace: 'it cannot be replaced',
  merge: 'there is no earlier version of it to merge with (only a file agent-team wrote and recorded can be merged)',
};

/**
 * Decides conflicting files — one, or all of an agent's — the way a person chose: keep theirs
 * (adopted: from now on an edited copy of the new version, see plan.ts `Choice`), replace it
 * with the new version (a .bak of theirs first), or write the three-way merge (clean, or with
 * conflict markers when asked). Only those files, the `.agent-team-new` beside them and their
 * lockfile entries change: whatever else a sync would do waits for a sync.
 */
export async function resolveConflicts(cwd: string, input: unknown, options: OperationOptions = {}): Promise<ResolveOutcome> {
  const { target, choice, markers } = parseInput(ResolveInput, input, 'resolve request');
  return runOperation(projectRoot(cwd), options, (): Decision & { resolved: ResolvedFile[] } => {
    const { root, team, teamText } = openProject(cwd);
    const before = planTeam(root, teamText);
    const conflicts = conflictEntries(before);
    const isAgent = own(team.agents ?? {}, target) !== undefined;
    const wanted = isAgent ? conflicts.filter((e) => e.agents.includes(target)) : conflicts.filter((e) => e.path === planPath(target));
    if (wanted.length === 0) {
      const open = conflicts.map((e) => e.path);
      throw failure(
        'no-conflict',
        isAgent ? `Agent ${target} has no conflicting file to resolve.` : `${target} is not a conflicting file.`,
        open.length ? `The conflicts now: ${open.slice(0, 10).join(', ')}${open.length > 10 ? ', …' : ''}.` : 'Nothing is in conflict: there is nothing to resolve.',
        undefined,
        { conflicts: open },
      );
    }
    const paths = new Set(wanted.map((e) => e.path));
    const change = planTeam(root, teamText, { catalog: before.catalog, choose: (p) => (paths.has(p) ? choice : undefined) });
    const byPath = new Map(change.plan.entries.map((e) => [e.path, e]));
    const entries: PlanEntry[] = [];
    const resolved: ResolvedFile[] = [];
    for (const path of paths) {
      const entry = byPath.get(path)!;
      if (entry.action === 'conflict') {
        throw failure('cannot-resolve', `${path} cannot be resolved that way: ${entry.reason === 'foreign' && choice !== 'merge' ? 'a skill folder agent-team did not write is yours as a whole' : WHY_NOT[choice]}.`, entry.reason === 'foreign' ? 'Move the folder away if agent-team should write it, or keep it and leave the agent without that skill.' : 'Keep your file or replace it with the new version instead.', undefined, { path });
      }
      const clashes = choice === 'merge' ? (entry.content?.toString('utf8').split('\n').filter((l) => l === MARKER).length ?? 0) : 0;
      if (clashes > 0 && !markers) {
        throw failure('merge-not-clean', `The merge of ${path} clashes in ${clashes} place${clashes === 1 ? '' : 's'}: your edits and the new version change the same lines.`, 'Ask for the merge with conflict markers to edit them by hand, or keep your file, or replace it with the new version.', undefined, { path, clashes });
      }
      entries.push(entry);
      // The new version waiting beside the file is agent-team's: it goes once the file is decided.
      const beside = byPath.get(`${path}${UPSTREAM_SUFFIX}`);
      if (beside && beside.action === 'delete') entries.push(beside);
      resolved.push({ path, choice, ...(choice === 'merge' ? { clashes } : {}) });
    }
    // Only these files' entries of the lockfile change; every other file keeps what it records.
    const previous = change.previousLock;
    const picked = Object.fromEntries([...paths].filter((p) => change.plan.lock.files[p]).map((p) => [p, change.plan.lock.files[p]!]));
    const lock = previous ? { ...previous, files: { ...previous.files, ...picked } } : { ...change.plan.lock, files: picked };
    const lockText = serializeLock(lock);
    const ownership = ownershipAfter({ ...change.plan, entries });
    return {
      entries,
      lockfile: readProjectFile(root, LOCK_FILE)?.toString('utf8') === lockText ? undefined : lockText,
      ownership,
      bases: { list: change.plan.bases.filter((b) => paths.has(b.path)), keep: Object.values(lock.files).map((f) => f.sha256) },
      resolved,
    };
  }).then((outcome) => {
    const backups = outcome.applied?.backups ?? [];
    return { ...outcome, resolved: outcome.resolved.map((r) => ({ ...r, ...(backupOf(r.path, backups) ? { backup: backupOf(r.path, backups) } : {}) })) };
  });
}

function backupOf(path: string, backups: string[]): string | undefined {
  return backups.find((b) => b.startsWith(`${path}.bak`) && /^\.bak\d*$/.test(b.slice(path.length)));
}
