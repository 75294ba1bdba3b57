import type { Context } from '../cli/context.js';
import { readLock } from '../core/apply/lockfile.js';
import { agentFile } from '../core/paths.js';
import { openProject } from '../core/project.js';
import { activeAgent } from '../core/claude/settings.js';
import { teamAgents } from '../core/team/team-file.js';

interface ListOptions {
  roles?: boolean;
  skills?: boolean;
  presets?: boolean;
  markdown?: boolean;
}

export function pad(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text + ' '.repeat(width - text.length);
}

/** The agents, from the team file, the lockfile and the settings alone: no catalog, so it is fast. */
function listAgents(ctx: Context): void {
  const { root, team } = openProject(ctx.cwd);
  const lock = readLock(root);
  const active = activeAgent(root);
  const skillsOf = new Map<string, Set<string>>();
  for (const [path, entry] of Object.entries(lock?.files ?? {})) {
    const skill = /^\.claude\/skills\/([^/]+)\//.exec(path)?.[1];
    if (!skill) continue;
    for (const agent of entry.agents) skillsOf.set(agent, (skillsOf.get(agent) ?? new Set()).add(skill));
  }
  const agents = teamAgents(team).map((a) => ({
    name: a.name,
    role: a.role,
    variants: a.variants,
    skills: skillsOf.get(a.name)?.size ?? 0,
    active: active.agent === a.name,
    synced: Boolean(lock?.files[agentFile(a.name)]?.agents.includes(a.name)),
  }));
  const s = ctx.out.style;
  ctx.out.result({ root, agents, active: active.agent ?? null, activeFile: active.file ?? null }, () => {
    if (agents.length === 0) return ['No agents yet. Add one with `agent-team add <name> <role>` (roles: `agent-team list --roles`).'];
    const width = Math.max(...agents.map((a) => a.name.length)) + 3;
    const lines = [s.dim(`  ${pad('AGENT', width)}${pad('ROLE', 11)}${pad('SKILLS', 8)}STACK`)];
    for (const a of agents) {
      const stack = Object.values(a.variants).flat().join(', ') || '-';
      const flag = a.active ? s.green('*') : ' ';
      lines.push(`${flag} ${pad(a.name, width)}${pad(a.role, 11)}${pad(String(a.skills), 8)}${stack}${a.synced ? '' : s.yellow('  (not synced: run agent-team sync)')}`);
    }
    if (active.agent) lines.push(s.dim(`* active in the main session (${active.file})`));
    return lines;
  });
}

export async function run(ctx: Context, opts: Record<string, unknown>): Promise<void> {
  const options = opts as ListOptions;
  if (!options.roles && !options.skills && !options.presets) return listAgents(ctx);
  // Roles, skills and presets need the whole catalog: loaded only for them.
  const catalogViews = await import('./list-catalog.js');
  if (options.roles) catalogViews.listRoles(ctx);
  else if (options.skills) catalogViews.listSkills(ctx, Boolean(options.markdown));
  else catalogViews.listPresets(ctx);
}
