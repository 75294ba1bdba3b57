import { rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { applyEntries, recoverInterrupted, type ApplyResult } from '../apply/apply.js';
import { processFs } from '../apply/fs.js';
import { journalExists, UNDO_FILE, writeLocal, type UndoPoint } from '../apply/local-state.js';
import { readSettings } from '../claude/settings.js';
import { readTeamText } from '../team/team-file.js';
import { withProjectLock, type LockOptions } from '../apply/project-lock.js';
import { failure, isAgentTeamError } from '../errors.js';
import { sha256 } from '../hash.js';
import { CLAUDE_DIR, LOCK_FILE, SETTINGS_LOCAL, SETTINGS_SHARED, TEAM_FILE } from '../paths.js';
import { ownershipAfter, type TeamChange } from '../pipeline.js';
import type { PlanEntry } from '../plan/plan.js';

export interface OperationOptions {
  dryRun?: boolean;
  /** Apply only if the plan is still the one with this digest (a preview the user approved). */
  expectPlan?: string;
  /** Told who holds the project lock when waiting for it takes more than a second. */
  onWait?: LockOptions['onWait'];
}

export interface Outcome {
  entries: PlanEntry[];
  applied?: ApplyResult;
  /** Identifies the plan, so a preview can be applied only if nothing changed in between. */
  planDigest: string;
}

/** What an operation decided, from the project as it is now: the plan and how to apply it. */
export interface Decision {
  entries: PlanEntry[];
  /** The lockfile's new text, written after everything else; absent to leave it as it is. */
  lockfile?: string;
  ownership?: Record<string, string | null>;
  prune?: string[];
  forget?: boolean;
  /** What the change is, in a few words ("add web"): recorded so it can be undone in one step. */
  undoable?: string;
  /** Versions to keep as merge bases. */
  bases?: { list: Array<{ hash: string; read(): Buffer }>; keep: Iterable<string> };
}

export function planDigest(entries: PlanEntry[]): string {
  // An entry that knows its content's hash is digested by it, so its content is not read for this.
  return sha256(JSON.stringify(entries.map((e) => [e.path, e.action, e.reason ?? '', e.hash ?? (e.content ? sha256(e.content) : '')])));
}

function writes(decision: Decision): boolean {
  return decision.lockfile !== undefined || Boolean(decision.forget) || decision.entries.some((e) => e.action === 'create' || e.action === 'update' || e.action === 'delete');
}

/**
 * The one way every operation changes a project: take the lock (not for a dry run), finish
 * whatever a crashed run left, read the project afresh and decide, check the plan is the one
 * the user approved, apply. `decide` reads the project itself, so it always sees the project
 * as it is under the lock.
 */
export async function runOperation<T extends Decision>(root: string, options: OperationOptions, decide: () => T): Promise<T & Outcome> {
  const settle = (decision: T, apply: boolean): T & Outcome => {
    const digest = options.expectPlan ? planDigest(decision.entries) : undefined;
    if (options.expectPlan && options.expectPlan !== digest) {
      throw failure('plan-changed', 'The project changed since this plan was shown, so nothing was applied.', 'Look at the new plan and apply it again.');
    }
    if (apply && decision.undoable && writes(decision)) recordUndo(root, decision);
    const applied = apply && writes(decision)
      ? applyEntries(root, decision.entries, {
          last: decision.lockfile === undefined ? undefined : { path: LOCK_FILE, content: Buffer.from(decision.lockfile, 'utf8') },
          ownership: decision.ownership,
          prune: decision.prune,
          forget: decision.forget,
          bases: decision.bases,
        })
      : undefined;
    // Onto the decision itself, not a copy: what it computes on demand (the lockfile text) stays on demand.
    let known = digest;
    return Object.defineProperties(decision, {
      planDigest: { get: () => (known ??= planDigest(decision.entries)), enumerable: true, configurable: true },
      applied: { value: applied, enumerable: true, writable: true, configurable: true },
    }) as T & Outcome;
  };
  if (options.dryRun) return settle(decide(), false);
  try {
    const outcome = await withProjectLock(root, () => {
      if (journalExists(root)) recoverInterrupted(root);
      return settle(decide(), true);
    }, { onWait: options.onWait });
    // The lock lives in .claude/, so a prune of .claude itself can only happen once it is released.
    if (outcome.applied && outcome.prune?.includes(CLAUDE_DIR)) removeIfEmpty(join(root, CLAUDE_DIR));
    return outcome;
  } catch (err) {
    // A read-only project that needs no change is not a failure (sync --frozen in a read-only checkout).
    if (isAgentTeamError(err) && err.code === 'not-writable') {
      const decision = decide();
      if (!writes(decision)) return settle(decision, false);
    }
    throw err;
  }
}

/**
 * Before a change of the team file or an `agent` setting is applied, what they were is kept, so
 * the change can be taken back in one step. Written first: if the change then fails, undoing it
 * restores what is already there.
 */
function recordUndo(root: string, decision: Decision): void {
  const changes = (path: string) => decision.entries.some((e) => e.path === path && e.action !== 'unchanged');
  if (![TEAM_FILE, SETTINGS_LOCAL, SETTINGS_SHARED].some(changes)) return;
  const agent: Record<string, string | null> = {};
  for (const path of [SETTINGS_LOCAL, SETTINGS_SHARED]) {
    const value = readSettings(root, path).data.agent;
    agent[path] = typeof value === 'string' ? value : null;
  }
  const point: UndoPoint = { at: new Date().toISOString(), what: decision.undoable!, team: readTeamText(root) ?? null, agent };
  writeLocal(root, UNDO_FILE, point, processFs());
}

/** The decision for a change of the team: its plan, the new lockfile when it differs, and the local record. */
export function teamDecision<X extends object = object>(change: TeamChange, writeLock = true, more?: X): Decision & { change: TeamChange } & X {
  // What only applying needs is made when asked: a dry run of a big team shows the plan and no more.
  let ownership: Record<string, string | null> | undefined;
  return {
    ...(more as X),
    change,
    entries: change.plan.entries,
    get lockfile() {
      return writeLock && change.lockChanged ? change.lockText : undefined;
    },
    get ownership() {
      return (ownership ??= ownershipAfter(change.plan));
    },
    bases: {
      list: change.plan.bases,
      get keep() {
        return Object.values(change.plan.lock.files).map((f) => f.sha256);
      },
    },
  };
}

function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // not empty (the user's files, or another writer's lock): it stays
  }
}
