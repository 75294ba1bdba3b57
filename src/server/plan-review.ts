import { createTwoFilesPatch } from 'diff';
import { isAgentTeamError } from '../core/errors.js';
import type { PlanEntry } from '../core/plan/plan.js';
import { readProjectFile } from '../core/project.js';
import { AGENT_TOKEN_BUDGET, agentViews, alreadyPending, destructiveSteps, planEffects, type Snapshot } from '../core/views/index.js';
import type { AgentView } from '../core/views/index.js';
import { unifiedDiffs } from '../present/diff.js';
import type { PlanReview } from './types.js';

/** Diffs beyond this many bytes in one answer are left out (the plan still lists their files). */
const MAX_REVIEW_DIFF_BYTES = 1024 * 1024;

/** The team file's own diff: the change in the words the user wrote (unifiedDiffs leaves it out). */
function teamDiff(root: string, entries: PlanEntry[]): Array<{ path: string; patch: string }> {
  const e = entries.find((x) => x.kind === 'team' && x.action !== 'unchanged' && x.content);
  if (!e) return [];
  const before = readProjectFile(root, e.path)?.toString('utf8') ?? '';
  const after = e.content!.toString('utf8');
  return before === after ? [] : [{ path: e.path, patch: createTwoFilesPatch(before ? `a/${e.path}` : '/dev/null', `b/${e.path}`, before, after, before ? 'on disk' : '', 'new', { context: 3 }) }];
}

function safely<T>(compute: () => T, fallback: T): T {
  try {
    return compute();
  } catch (err) {
    if (isAgentTeamError(err)) return fallback; // a project that does not resolve now: nothing to compare with
    throw err;
  }
}

/**
 * A plan in the user's terms: per agent what it gains and loses and what it costs when it
 * starts, a diff per file, the steps that take something away, and which steps were due anyway
 * (`sync`: the plan of a plain sync of the project as it is now, when they are to be shown apart).
 */
export function reviewPlan(s: Snapshot, entries: PlanEntry[], after: AgentView[] | undefined, sync: PlanEntry[] | undefined): PlanReview {
  const effects = after ? planEffects(safely(() => agentViews(s), []), after) : [];
  const pending = sync ? alreadyPending(entries, sync) : [];
  const all = [...teamDiff(s.root, entries), ...unifiedDiffs(entries, (path) => readProjectFile(s.root, path))];
  const diffs: PlanReview['diffs'] = [];
  let bytes = 0;
  let diffsCut = false;
  for (const d of all) {
    bytes += d.patch.length;
    if (bytes > MAX_REVIEW_DIFF_BYTES) {
      diffsCut = true;
      continue;
    }
    diffs.push(d);
  }
  return { effects, diffs, diffsCut, pending, destructive: destructiveSteps(entries), budget: AGENT_TOKEN_BUDGET };
}
