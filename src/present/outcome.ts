import type { Outcome } from '../core/operations/index.js';
import { applyLines, planJson, planLines } from './plan.js';
import type { Style } from './style.js';
import { count } from './words.js';

/** The part every operation's JSON shares: the plan, and the backups it made. */
export function outcomeJson(outcome: Outcome, dryRun: boolean): Record<string, unknown> {
  return { dryRun, ...planJson(outcome.entries), backups: outcome.applied?.backups ?? [] };
}

/** The part every operation's report shares: the plan, backups, and what was left alone. */
export function outcomeLines(s: Style, outcome: Outcome, dryRun: boolean): string[] {
  const conflicts = outcome.entries.filter((e) => e.action === 'conflict').length;
  return [
    ...planLines(s, outcome.entries),
    ...(outcome.applied ? applyLines(s, outcome.applied) : []),
    ...(dryRun ? [s.dim('Dry run: nothing was written.')] : []),
    ...(conflicts && !dryRun ? [s.yellow(`${count(conflicts, 'file was', 'files were')} left as ${conflicts === 1 ? 'it is' : 'they are'} (see above).`)] : []),
  ];
}
