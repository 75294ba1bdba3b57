import type { ResolveOutcome } from '../core/operations/resolve.js';
import { outcomeLines } from './outcome.js';
import type { Style } from './style.js';

const DONE: Record<string, [string, string]> = {
  keep: ['Would keep', 'Kept'],
  replace: ['Would replace', 'Replaced'],
  merge: ['Would merge', 'Merged'],
};

/** One line per decided file, then the plan as every operation reports it. */
export function resolveLines(s: Style, outcome: ResolveOutcome, dryRun: boolean): string[] {
  const lines = outcome.resolved.map((r) => {
    const verb = DONE[r.choice]![dryRun ? 0 : 1];
    if (r.choice === 'keep') return `${s.bold(verb)} your ${r.path}: it stays as it is, and later versions are merged into it.`;
    if (r.choice === 'replace') return `${s.bold(verb)} ${r.path} with the new version${r.backup ? `; yours is saved as ${r.backup}` : dryRun ? '; yours would be saved as a .bak beside it' : ''}.`;
    return r.clashes ? `${s.bold(verb)} ${r.path} with conflict markers in ${r.clashes} place${r.clashes === 1 ? '' : 's'}: edit them, then remove the markers.` : `${s.bold(verb)} the new version into ${r.path}.`;
  });
  return [...lines, ...outcomeLines(s, outcome, dryRun)];
}

export function resolveJson(outcome: ResolveOutcome): Record<string, unknown> {
  return { resolved: outcome.resolved };
}
