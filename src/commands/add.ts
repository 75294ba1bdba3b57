import type { Command } from 'commander';
import { missingInput, type Context } from '../cli/context.js';
import { usageError } from '../core/errors.js';
import { addAgent, type AddOutcome } from '../core/operations/add.js';
import { openProject } from '../core/project.js';
import { catalogAt, agentViewsOf } from '../core/views/index.js';
import { describeAgent } from '../present/agents.js';
import { outcomeJson, outcomeLines } from '../present/outcome.js';
import { CLI } from '../present/style.js';
import { parseAddTokens } from './variant-flags.js';

export function presentAdd(ctx: Context, outcome: AddOutcome): void {
  const view = agentViewsOf(outcome.change, null, [outcome.agent.name])[0]!;
  const s = ctx.out.style;
  ctx.out.result({ command: 'add', agent: view, ...outcomeJson(outcome, ctx.dryRun) }, () => [
    s.bold(`${ctx.dryRun ? 'Would add' : 'Added'} ${describeAgent(outcome.agent, view.cost)}.`),
    ...outcomeLines(s, outcome, ctx.dryRun),
    ...(ctx.dryRun ? [] : [`Ask Claude Code to "use the ${outcome.agent.name} agent", or make it the main session's agent with ${s.cyan(`${CLI} switch ${outcome.agent.name}`)}.`]),
  ]);
}

export async function run(ctx: Context, opts: Record<string, unknown>, _args: unknown[], cmd: Command): Promise<void> {
  const { positionals, variants, versions } = parseAddTokens(cmd.args);
  const queue = [...positionals];
  const name = (opts.name as string | undefined) ?? queue.shift();
  const role = (opts.role as string | undefined) ?? queue.shift();
  const paths = typeof opts.paths === 'string' ? opts.paths.split(',').map((p) => p.trim()).filter(Boolean) : undefined;
  if (queue.length > 0) {
    throw usageError('unexpected-argument', `Unexpected argument "${queue[0]}".`, 'Usage: agent-team add <name> <role> [--<variant> <value> ...]; several values as --state a,b.');
  }
  const force = Boolean(opts.force);
  if ((name === undefined || role === undefined) && ctx.interactive) {
    const { guidedAdd } = await import('../prompts/add.js');
    const outcome = await guidedAdd(ctx, { name, role, variants, versions, paths, force });
    return presentAdd(ctx, outcome);
  }
  if (name === undefined) {
    openProject(ctx.cwd);
    throw missingInput(ctx, 'the agent name', 'it as the first argument or with --name <name>');
  }
  if (role === undefined) {
    const roles = Object.keys(catalogAt(openProject(ctx.cwd).root).catalog.roles).join(', ');
    throw missingInput(ctx, `the role of ${name}`, `it as the second argument or with --role <role> (one of: ${roles})`);
  }
  const outcome = await ctx.out.during(ctx.dryRun ? 'Planning...' : 'Writing files...', () =>
    addAgent(ctx.cwd, { name, role, variants, versions, paths, force }, { dryRun: ctx.dryRun, onWait: ctx.onWait }),
  );
  presentAdd(ctx, outcome);
}
