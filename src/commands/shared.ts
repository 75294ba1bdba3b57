import type { Context } from '../cli/context.js';
import type { ApplyResult } from '../core/apply/apply.js';
import type { Outcome, TeamOutcome } from '../core/operations/index.js';
import { agentFile } from '../core/paths.js';
import type { ResolvedAgent } from '../core/resolve/resolver.js';
import { stackTitles } from '../core/render/render.js';
import { agentTokenCost, formatTokens, type TokenCost } from '../core/views/tokens.js';
import { applyLines, planJson, planLines } from '../present/plan.js';

export function agentSummary(agent: ResolvedAgent, outcome: TeamOutcome): Record<string, unknown> & { cost: TokenCost } {
  const file = outcome.entries.find((e) => e.path === agentFile(agent.name));
  return {
    name: agent.name,
    role: agent.role.name,
    title: agent.role.title,
    variants: agent.variants,
    skills: agent.skills,
    tools: agent.tools,
    model: agent.model,
    cost: agentTokenCost(file?.content?.length ?? 0, agent.skills, outcome.change.catalog),
  };
}

export function describeAgent(agent: ResolvedAgent, cost: TokenCost): string {
  const stack = stackTitles(agent);
  const skills = `${agent.skills.length} skill${agent.skills.length === 1 ? '' : 's'}`;
  return `${agent.name}: ${agent.role.title}${stack.length ? ` (${stack.join(', ')})` : ''}, ${skills}, ${formatTokens(cost.total)} tokens when it starts`;
}

/** Prints an operation's outcome in the shape every command shares. */
export function report(
  ctx: Context,
  outcome: Outcome,
  data: Record<string, unknown>,
  headline: () => string[],
  footer: string[] = [],
): void {
  const applied: ApplyResult | undefined = outcome.applied;
  const conflicts = outcome.entries.filter((e) => e.action === 'conflict').length;
  const s = ctx.out.style;
  ctx.out.result({ ...data, dryRun: ctx.dryRun, ...planJson(outcome.entries), backups: applied?.backups ?? [] }, () => [
    ...headline(),
    ...planLines(ctx.out, outcome.entries),
    ...(applied ? applyLines(ctx.out, applied) : []),
    ...(ctx.dryRun ? [s.dim('Dry run: nothing was written.')] : []),
    ...(conflicts && !ctx.dryRun ? [s.yellow(conflicts === 1 ? '1 file was left as it is (see above).' : `${conflicts} files were left as they are (see above).`)] : []),
    ...footer,
  ]);
}
