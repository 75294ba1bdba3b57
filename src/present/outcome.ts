import type { Outcome } from '../core/operations/index.js';
import type { ReadySource } from '../core/sources/ensure.js';
import { applyLines, planJson, planLines } from './plan.js';
import { readySourceJson, readySourceLines } from './sources.js';
import type { Style } from './style.js';
import { count } from './words.js';

/** The part every operation's JSON shares: the plan, and the backups it made. */
export function outcomeJson(outcome: Outcome, dryRun: boolean): Record<string, unknown> {
  const sources = sourcesOf(outcome);
  return { dryRun, ...planJson(outcome.entries), backups: outcome.applied?.backups ?? [], ...(sources ? { sources: sources.map(readySourceJson) } : {}) };
}

/** The git sources an operation made ready (sync, source add and update), when it reports them. */
function sourcesOf(outcome: Outcome): ReadySource[] | undefined {
  const sources = (outcome as { sources?: unknown }).sources;
  return Array.isArray(sources) && sources.length > 0 ? (sources as ReadySource[]) : undefined;
}

/** The part every operation's report shares: the plan, backups, and what was left alone. */
export function outcomeLines(s: Style, outcome: Outcome, dryRun: boolean): string[] {
  const conflicts = outcome.entries.filter((e) => e.action === 'conflict').length;
  const fetched = readySourceLines(s, sourcesOf(outcome) ?? []);
  return [
    ...(fetched.length ? [s.dim('Git sources:'), ...fetched] : []),
    ...planLines(s, outcome.entries),
    ...(outcome.applied ? applyLines(s, outcome.applied) : []),
    ...(dryRun ? [s.dim('Dry run: nothing was written.')] : []),
    ...(conflicts && !dryRun ? [s.yellow(`${count(conflicts, 'file was', 'files were')} left as ${conflicts === 1 ? 'it is' : 'they are'} (see above).`)] : []),
  ];
}
