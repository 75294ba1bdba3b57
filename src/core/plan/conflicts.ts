import type { Catalog } from '../library/model.js';
import { planTeam, type TeamChange } from '../pipeline.js';
import type { Choice, PlanEntry } from './plan.js';

/**
 * The conflicts of a plan and what each way out of them would write. Each choice is planned as
 * the engine would apply it (plan.ts's `choose`), so what a person is shown is exactly what a
 * resolve then writes.
 */
export interface ConflictOptions {
  path: string;
  agents: string[];
  reason: PlanEntry['reason'];
  /** The entry each choice leads to; absent when that choice cannot resolve this file. */
  keep?: PlanEntry;
  replace?: PlanEntry;
  /** The three-way merge, with conflict markers where the two sides clash. */
  merge?: PlanEntry & { clean: boolean; clashes: number };
}

export const MARKER = '<<<<<<< yours';

export function conflictEntries(change: TeamChange): PlanEntry[] {
  return change.plan.entries.filter((e) => e.action === 'conflict');
}

function planned(change: TeamChange, paths: Set<string>, choice: Choice, catalog: Catalog): Map<string, PlanEntry> {
  const next = planTeam(change.root, change.teamText, { catalog, choose: (p) => (paths.has(p) ? choice : undefined), sources: change.plan.lock.sources });
  return new Map(next.plan.entries.filter((e) => paths.has(e.path)).map((e) => [e.path, e]));
}

/** What keep, replace and merge would do for each conflicting file (three plans, however many files). */
export function conflictOptions(change: TeamChange): ConflictOptions[] {
  const conflicts = conflictEntries(change);
  if (conflicts.length === 0) return [];
  const paths = new Set(conflicts.map((e) => e.path));
  const keep = planned(change, paths, 'keep', change.catalog);
  const replace = planned(change, paths, 'replace', change.catalog);
  const merge = planned(change, paths, 'merge', change.catalog);
  return conflicts.map((e) => {
    const k = keep.get(e.path);
    const r = replace.get(e.path);
    const m = merge.get(e.path);
    const text = m?.content?.toString('utf8') ?? '';
    const clashes = text.split('\n').filter((line) => line === MARKER).length;
    return {
      path: e.path,
      agents: e.agents,
      reason: e.reason,
      ...(k && k.action === 'keep' ? { keep: k } : {}),
      ...(r && r.action === 'update' ? { replace: r } : {}),
      ...(m && m.action === 'update' ? { merge: { ...m, clean: m.reason === 'merged', clashes } } : {}),
    };
  });
}
