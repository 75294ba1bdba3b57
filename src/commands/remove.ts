import { missingInput, type Context } from '../context.js';
import { failure } from '../core/errors.js';
import type { PlanEntry } from '../core/plan.js';
import { openProject, planTeam } from '../core/project.js';
import { SETTINGS_LOCAL, SETTINGS_SHARED } from '../core/paths.js';
import { agentSettingEntry, readSettings } from '../core/settings.js';
import { withoutAgents } from '../core/team-edit.js';
import { commit, report, underLock } from './shared.js';

/** Clears Claude Code's `agent` setting wherever it names an agent that is going away. */
export function clearActiveAgent(root: string, removed: readonly string[]): PlanEntry[] {
  const entries: PlanEntry[] = [];
  for (const path of [SETTINGS_LOCAL, SETTINGS_SHARED]) {
    const file = readSettings(root, path);
    if (typeof file.data.agent === 'string' && removed.includes(file.data.agent)) entries.push(agentSettingEntry(file, undefined));
  }
  return entries;
}

export async function run(ctx: Context, opts: Record<string, unknown>, args: unknown[]): Promise<void> {
  const names = [...new Set((args[0] as string[] | undefined) ?? [])];
  const project = openProject(ctx.cwd);
  if (names.length === 0) throw missingInput(ctx, 'the agents to remove', 'their names: agent-team remove <name...>');
  await underLock(ctx, project.root, () => {
    const { root, teamText, team } = openProject(project.root);
    const known = Object.keys(team.agents ?? {});
    const unknown = names.filter((n) => !known.includes(n));
    if (unknown.length > 0) {
      throw failure(
        'unknown-agent',
        `No agent named ${unknown.map((n) => `"${n}"`).join(', ')} in the team.`,
        known.length ? `The team has: ${known.join(', ')}. Nothing was changed.` : 'The team has no agents. Nothing was changed.',
      );
    }
    const change = planTeam(root, withoutAgents(teamText, names), { force: Boolean(opts.force), extra: clearActiveAgent(root, names) });
    const result = commit(ctx, change);
    const kept = change.plan.entries.filter((e) => e.action === 'keep' || e.action === 'conflict').length;
    report(ctx, change, result, { command: 'remove', removed: names }, () => [
      ctx.out.style.bold(`${ctx.dryRun ? 'Would remove' : 'Removed'} ${names.join(', ')}.${kept ? ' Edited files stay.' : ''}`),
    ]);
  });
}
