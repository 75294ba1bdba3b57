import { missingInput, type Context } from '../context.js';
import { removeAgents } from '../core/operations.js';
import { openProject } from '../core/project.js';
import { report } from './shared.js';

export async function run(ctx: Context, opts: Record<string, unknown>, args: unknown[]): Promise<void> {
  const names = (args[0] as string[] | undefined) ?? [];
  if (names.length === 0) {
    openProject(ctx.cwd);
    throw missingInput(ctx, 'the agents to remove', 'their names: agent-team remove <name...>');
  }
  const outcome = await removeAgents(ctx.cwd, { names, force: Boolean(opts.force) }, { dryRun: ctx.dryRun });
  const kept = outcome.entries.some((e) => e.action === 'keep' || e.action === 'conflict');
  report(ctx, outcome, { command: 'remove', removed: outcome.removed }, () => [
    ctx.out.style.bold(`${ctx.dryRun ? 'Would remove' : 'Removed'} ${outcome.removed.join(', ')}.${kept ? ' Edited files stay.' : ''}`),
  ]);
}
