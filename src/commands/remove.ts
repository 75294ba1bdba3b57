import { missingInput, type Context } from '../cli/context.js';
import { removeAgents } from '../core/operations/remove.js';
import { type TeamOutcome } from '../core/operations/add.js';
import { openProject } from '../core/project.js';
import { outcomeJson, outcomeLines } from '../present/outcome.js';

export function presentRemove(ctx: Context, outcome: TeamOutcome & { removed: string[] }): void {
  const kept = outcome.entries.some((e) => e.action === 'keep' || e.action === 'conflict');
  ctx.out.result({ command: 'remove', removed: outcome.removed, ...outcomeJson(outcome, ctx.dryRun) }, () => [
    ctx.out.style.bold(`${ctx.dryRun ? 'Would remove' : 'Removed'} ${outcome.removed.join(', ')}.${kept ? ' Edited files stay as your own.' : ''}`),
    ...outcomeLines(ctx.out.style, outcome, ctx.dryRun),
  ]);
}

export async function run(ctx: Context, opts: Record<string, unknown>, args: unknown[]): Promise<void> {
  const names = (args[0] as string[] | undefined) ?? [];
  const force = Boolean(opts.force);
  if (names.length === 0) {
    if (ctx.interactive) {
      const { guidedRemove } = await import('../prompts/remove.js');
      return presentRemove(ctx, await guidedRemove(ctx, { force }));
    }
    openProject(ctx.cwd);
    throw missingInput(ctx, 'the agents to remove', 'their names: agent-team remove <name...>');
  }
  const outcome = await ctx.out.during(ctx.dryRun ? 'Planning...' : 'Removing...', () => removeAgents(ctx.cwd, { names, force }, { dryRun: ctx.dryRun, onWait: ctx.onWait }));
  presentRemove(ctx, outcome);
}
