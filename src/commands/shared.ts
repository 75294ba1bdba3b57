import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Context } from '../context.js';
import type { ApplyResult } from '../core/apply.js';
import { failure } from '../core/errors.js';
import { agentFile } from '../core/paths.js';
import { applyTeamChange, withProjectLock, type TeamChange } from '../core/project.js';
import { agentTokenCost, formatTokens, type TokenCost } from '../core/tokens.js';
import type { ResolvedAgent } from '../core/resolver.js';
import { stackTitles } from '../core/render.js';
import { applyLines, planJson, planLines } from '../report.js';

export function existingFolder(cwd: string): string {
  const root = resolve(cwd);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw failure('no-such-folder', `The folder ${root} does not exist.`, 'Pass an existing project folder with --cwd.');
  }
  return root;
}

/** Dry runs read only, so they take no lock and create nothing (not even .claude/). */
export async function underLock<T>(ctx: Context, root: string, work: () => T | Promise<T>): Promise<T> {
  return ctx.dryRun ? work() : withProjectLock(root, work);
}

/** Applies the change unless --dry-run; returns what was written. */
export function commit(ctx: Context, change: TeamChange): ApplyResult | undefined {
  return ctx.dryRun ? undefined : applyTeamChange(change);
}

export function agentSummary(agent: ResolvedAgent, change: TeamChange): Record<string, unknown> & { cost: TokenCost } {
  const file = change.plan.entries.find((e) => e.path === agentFile(agent.name));
  const chars = file?.content?.length ?? 0;
  return {
    name: agent.name,
    role: agent.role.name,
    title: agent.role.title,
    variants: agent.variants,
    skills: agent.skills,
    tools: agent.tools,
    model: agent.model,
    cost: agentTokenCost(chars, agent.skills, change.catalog),
  };
}

export function describeAgent(agent: ResolvedAgent, cost: TokenCost): string {
  const stack = stackTitles(agent);
  return `${agent.name}: ${agent.role.title}${stack.length ? ` (${stack.join(', ')})` : ''}, ${agent.skills.length} skill${agent.skills.length === 1 ? '' : 's'}, ${formatTokens(cost.total)} tokens when it starts`;
}

/** Prints the outcome of a change in the shape every command shares. */
export function report(
  ctx: Context,
  change: TeamChange,
  result: ApplyResult | undefined,
  data: Record<string, unknown>,
  headline: () => string[],
  footer: string[] = [],
): void {
  const conflicts = change.plan.entries.filter((e) => e.action === 'conflict');
  ctx.out.result({ ...data, dryRun: ctx.dryRun, ...planJson(change.plan.entries), backups: result?.backups ?? [] }, () => [
    ...headline(),
    ...planLines(ctx.out, change.plan.entries),
    ...(result ? applyLines(ctx.out, result) : []),
    ...(ctx.dryRun ? [ctx.out.style.dim('Dry run: nothing was written.')] : []),
    ...(conflicts.length && !ctx.dryRun
      ? [ctx.out.style.yellow(conflicts.length === 1 ? '1 file was left as it is (see above).' : `${conflicts.length} files were left as they are (see above).`)]
      : []),
    ...footer,
  ]);
}
