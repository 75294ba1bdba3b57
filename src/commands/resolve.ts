import type { Context } from '../cli/context.js';
import { usageError } from '../core/errors.js';
import { resolveConflicts } from '../core/operations/resolve.js';
import type { Choice } from '../core/plan/plan.js';
import { outcomeJson } from '../present/outcome.js';
import { resolveJson, resolveLines } from '../present/resolve.js';

function choiceOf(opts: Record<string, unknown>): Choice {
  const chosen = (['keep', 'replace', 'merge'] as const).filter((c) => opts[c]);
  if (chosen.length !== 1) {
    throw usageError('invalid-choice', chosen.length ? `Choose one way to resolve, not ${chosen.join(' and ')}.` : 'Choose how to resolve: keep your file, replace it with the new version, or merge them.');
  }
  if (opts.markers && chosen[0] !== 'merge') throw usageError('invalid-choice', '--markers goes with --merge only.');
  return chosen[0]!;
}

/** `agent-team resolve <file|agent> --keep|--replace|--merge [--markers]`: decide conflicting files. */
export async function run(ctx: Context, opts: Record<string, unknown>, args: unknown[]): Promise<void> {
  const choice = choiceOf(opts);
  const outcome = await resolveConflicts(ctx.cwd, { target: String(args[0]), choice, markers: Boolean(opts.markers) }, { dryRun: ctx.dryRun, onWait: ctx.onWait });
  ctx.out.result({ command: 'resolve', ...resolveJson(outcome), ...outcomeJson(outcome, ctx.dryRun) }, () => resolveLines(ctx.out.style, outcome, ctx.dryRun));
}
