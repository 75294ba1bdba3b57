import type { Context } from '../cli/context.js';
import { failure } from '../core/errors.js';
import { switchAgent, type SwitchOutcome } from '../core/operations/switch.js';
import { SETTINGS_LOCAL, SETTINGS_SHARED } from '../core/paths.js';
import { loadTeamCatalog } from '../core/pipeline.js';
import { openProject } from '../core/project.js';
import { agentLine } from '../present/agents.js';
import { readSettings } from '../core/claude/settings.js';
import { teamAgents } from '../core/team/team-file.js';
import { choose } from './io.js';

/** `switch` in a terminal without a name: pick from the team, the current agent marked. */
export async function guidedSwitch(ctx: Context, options: { shared: boolean }): Promise<SwitchOutcome> {
  const { root, team } = openProject(ctx.cwd);
  const agents = teamAgents(team);
  if (agents.length === 0) throw failure('no-agents', 'The team has no agents to switch to.', 'Add one first with `agent-team add`.');
  const catalog = loadTeamCatalog(root, team);
  const file = options.shared ? SETTINGS_SHARED : SETTINGS_LOCAL;
  const current = readSettings(root, file).data.agent;
  const width = Math.max(...agents.map((a) => a.name.length)) + 2;
  const s = ctx.out.style;
  const agent = await choose<string | null>({
    message: `Which agent should the main session run as? (${file})`,
    // On the current agent; with none active, on the first agent, since none again changes nothing.
    default: typeof current === 'string' ? current : agents[0]!.name,
    choices: [
      ...agents.map((a) => ({ value: a.name as string | null, name: `${agentLine(ctx.out.style, catalog, a, width)}${a.name === current ? s.green('  ● current') : ''}`, short: a.name })),
      { value: null, name: `none: plain Claude Code${current === undefined ? s.green('  ● current') : ''}`, short: 'none' },
    ],
  });
  return ctx.out.during('Switching...', () => switchAgent(ctx.cwd, { agent, shared: options.shared }, { dryRun: ctx.dryRun, onWait: ctx.onWait }));
}
