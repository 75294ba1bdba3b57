import type { Context } from '../context.js';
import { loadCatalog, type Catalog } from '../core/catalog.js';
import { readLock } from '../core/lockfile.js';
import { libraryDir } from '../core/package-files.js';
import { agentFile } from '../core/paths.js';
import { findProjectRoot, openProject } from '../core/project.js';
import { resolveTeam, roleSkills } from '../core/resolver.js';
import { activeAgent } from '../core/settings.js';
import { parseTeam, readTeamText, teamAgents } from '../core/team-file.js';

interface ListOptions {
  roles?: boolean;
  skills?: boolean;
  presets?: boolean;
}

function pad(text: string, width: number): string {
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

function catalogForCwd(ctx: Context): { catalog: Catalog; root?: string } {
  const root = findProjectRoot(ctx.cwd);
  const text = root ? readTeamText(root) : undefined;
  const team = text !== undefined ? parseTeam(text) : undefined;
  return { catalog: loadCatalog({ libraryDir: libraryDir(), projectRoot: root, team }), root: team ? root : undefined };
}

function listRoles(ctx: Context): void {
  const { catalog } = catalogForCwd(ctx);
  const roles = Object.values(catalog.roles).map((r) => ({
    name: r.name,
    title: r.title,
    description: r.description,
    tools: r.tools,
    toolProfile: r.toolProfile ?? null,
    model: r.model,
    color: r.color ?? null,
    origin: r.origin,
    inherits: r.skills.inherit,
    skills: roleSkills(catalog, r.name),
    variants: Object.values(r.variants).map((v) => ({
      name: v.name,
      title: v.title,
      multiple: v.multiple,
      values: Object.values(v.values).map((x) => ({ name: x.name, title: x.title, skills: x.skills })),
    })),
  }));
  const s = ctx.out.style;
  ctx.out.result({ roles }, () =>
    roles.flatMap((r) => [
      `${s.bold(r.name)}  ${r.title}  ${s.dim(`(${r.skills.length} skills, tools: ${r.toolProfile ?? r.tools.join(', ')}, model: ${r.model})`)}`,
      `  ${r.description}`,
      ...r.variants.map((v) => `  ${s.cyan(`--${v.name}`)} ${v.values.map((x) => x.name).join(' | ')}${v.multiple ? s.dim('  (several: a,b)') : ''}`),
      '',
    ]),
  );
}

function listSkills(ctx: Context): void {
  const { catalog, root } = catalogForCwd(ctx);
  const usedBy = new Map<string, string[]>();
  if (root) {
    const { team } = openProject(root);
    for (const agent of resolveTeam(catalog, teamAgents(team), 'the team file')) {
      for (const skill of agent.skills) usedBy.set(skill, [...(usedBy.get(skill) ?? []), agent.name]);
    }
  }
  const skills = Object.values(catalog.skills).map((k) => ({
    name: k.name,
    category: k.category,
    tags: k.tags,
    dependsOn: k.dependsOn,
    description: k.description,
    origin: k.origin,
    agents: usedBy.get(k.name) ?? [],
  }));
  const s = ctx.out.style;
  ctx.out.result({ skills }, () => {
    const width = Math.max(...skills.map((k) => k.name.length)) + 2;
    const lines: string[] = [];
    for (const [category, info] of Object.entries(catalog.categories)) {
      const inCategory = skills.filter((k) => k.category === category);
      if (inCategory.length === 0) continue;
      lines.push(s.bold(`${info.title} (${inCategory.length})`));
      for (const k of inCategory) lines.push(`  ${pad(k.name, width)}${k.agents.length ? s.green(k.agents.join(', ')) : s.dim('-')}`);
    }
    return lines;
  });
}

function listPresets(ctx: Context): void {
  const { catalog } = catalogForCwd(ctx);
  const presets = Object.entries(catalog.presets).map(([name, p]) => ({ name, description: p.description, agents: p.agents }));
  ctx.out.result({ presets }, () =>
    presets.map((p) => `${ctx.out.style.bold(p.name)}  ${p.description}  ${ctx.out.style.dim(Object.entries(p.agents).map(([n, a]) => `${n} (${a.role})`).join(', '))}`),
  );
}

export async function run(ctx: Context, opts: Record<string, unknown>): Promise<void> {
  const options = opts as ListOptions;
  if (options.roles) listRoles(ctx);
  else if (options.skills) listSkills(ctx);
  else if (options.presets) listPresets(ctx);
  else listAgents(ctx);
}
