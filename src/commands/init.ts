import { resolve } from 'node:path';
import type { Context } from '../context.js';
import { initTeam } from '../core/operations.js';
import { TEAM_FILE } from '../core/paths.js';
import { agentSummary, report } from './shared.js';

export function splitList(value: unknown): string[] {
  return typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

export async function run(ctx: Context, opts: Record<string, unknown>): Promise<void> {
  const root = resolve(ctx.cwd);
  const input = { roles: splitList(opts.roles), preset: opts.preset as string | undefined, force: Boolean(opts.force) };
  const outcome = await initTeam(root, input, { dryRun: ctx.dryRun });
  const agents = outcome.change.agents.filter((a) => outcome.added.includes(a.name)).map((a) => agentSummary(a, outcome));
  const s = ctx.out.style;
  const would = ctx.dryRun ? 'would add' : 'added';
  report(ctx, outcome, { command: 'init', root, initialised: outcome.initialised, agents }, () => [
    s.bold(
      outcome.initialised
        ? `${ctx.dryRun ? 'Would initialise' : 'Initialised'} the agent team in ${root}.`
        : `The agent team in ${root} is already set up${outcome.added.length ? `; ${would} ${outcome.added.join(', ')}` : ''}.`,
    ),
    ...agents.map((a) => `  ${a.name}: ${a.title}, ${(a.skills as string[]).length} skills`),
  ], [
    '',
    `Next: ${s.cyan('npx agent-team add <name> <role>')} (roles: ${s.cyan('npx agent-team list --roles')}), then commit ${TEAM_FILE} and the files it lists.`,
  ]);
}
