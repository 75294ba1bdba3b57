import type { Context } from '../cli/context.js';
import { usageError } from '../core/errors.js';
import { setTeams } from '../core/operations/index.js';
import { openProject } from '../core/project.js';
import { teamsOn } from '../core/team/schema.js';
import { outcomeJson } from '../present/outcome.js';
import { teamsLines, teamsStateLine } from '../present/teams.js';

export async function run(ctx: Context, opts: Record<string, unknown>, args: unknown[]): Promise<void> {
  const state = args[0] as string | undefined;
  if (state === undefined) {
    const on = teamsOn(openProject(ctx.cwd).team);
    ctx.out.result({ command: 'teams', on }, () => [teamsStateLine(on)]);
    return;
  }
  if (state !== 'on' && state !== 'off') {
    throw usageError('invalid-input', `"${state}" is not on or off.`, 'agent-team teams on turns agent teams on; agent-team teams off turns them off.');
  }
  const outcome = await ctx.out.during(ctx.dryRun ? 'Planning...' : 'Syncing...', () => setTeams(ctx.cwd, { on: state === 'on', force: Boolean(opts.force) }, { dryRun: ctx.dryRun, onWait: ctx.onWait }));
  ctx.out.result({ command: 'teams', on: outcome.on, changed: outcome.changed, ...outcomeJson(outcome, ctx.dryRun) }, () => teamsLines(ctx.out.style, outcome, ctx.dryRun));
}
