import type { Command } from 'commander';
import { missingInput, type Context } from '../cli/context.js';
import { usageError } from '../core/errors.js';
import { addAgent, type AddOutcome } from '../core/operations/index.js';
import { loadTeamCatalog, openProject } from '../core/pipeline.js';
import { parseAddTokens } from './variant-flags.js';
import { agentSummary, describeAgent, report } from './shared.js';

export function reportAdd(ctx: Context, outcome: AddOutcome): void {
  const summary = agentSummary(outcome.agent, outcome);
  report(ctx, outcome, { command: 'add', agent: summary }, () => [
    ctx.out.style.bold(`${ctx.dryRun ? 'Would add' : 'Added'} ${describeAgent(outcome.agent, summary.cost)}.`),
  ]);
}

export async function run(ctx: Context, opts: Record<string, unknown>, _args: unknown[], cmd: Command): Promise<void> {
  const { positionals, variants } = parseAddTokens(cmd.args);
  const queue = [...positionals];
  const name = (opts.name as string | undefined) ?? queue.shift();
  const role = (opts.role as string | undefined) ?? queue.shift();
  if (queue.length > 0) {
    throw usageError('unexpected-argument', `Unexpected argument "${queue[0]}".`, 'Usage: agent-team add <name> <role> [--<variant> <value> ...]; several values as --state a,b.');
  }
  if ((name === undefined || role === undefined) && ctx.interactive) {
    const { guidedAdd } = await import('../prompts/add.js');
    return guidedAdd(ctx, { name, role, variants, force: Boolean(opts.force) });
  }
  if (name === undefined) {
    openProject(ctx.cwd);
    throw missingInput(ctx, 'the agent name', 'it as the first argument or with --name <name>');
  }
  if (role === undefined) {
    const { root, team } = openProject(ctx.cwd);
    const roles = Object.keys(loadTeamCatalog(root, team).roles).join(', ');
    throw missingInput(ctx, `the role of ${name}`, `it as the second argument or with --role <role> (one of: ${roles})`);
  }
  const outcome = await ctx.out.during(ctx.dryRun ? 'Planning...' : 'Writing files...', () =>
    addAgent(ctx.cwd, { name, role, variants, force: Boolean(opts.force) }, { dryRun: ctx.dryRun }),
  );
  reportAdd(ctx, outcome);
}
