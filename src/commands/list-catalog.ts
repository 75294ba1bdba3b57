import type { Context } from '../cli/context.js';
import { loadCatalog, type Catalog } from '../core/library/catalog.js';
import { libraryDir } from '../core/library/package.js';
import { findProjectRoot, openProject } from '../core/project.js';
import { resolveTeam } from '../core/resolve/resolver.js';
import { summariseRole } from '../core/views/roles.js';
import { renderSkillsIndex } from '../present/skills-index.js';
import { parseTeam, readTeamText, teamAgents } from '../core/team/team-file.js';
import { pad } from './list.js';

function catalogForCwd(ctx: Context): { catalog: Catalog; root?: string } {
  const root = findProjectRoot(ctx.cwd);
  const text = root ? readTeamText(root) : undefined;
  const team = text !== undefined ? parseTeam(text) : undefined;
  return { catalog: loadCatalog({ libraryDir: libraryDir(), projectRoot: root, team }), root: team ? root : undefined };
}

export function listRoles(ctx: Context): void {
  const { catalog } = catalogForCwd(ctx);
  const roles = Object.values(catalog.roles).map((r) => summariseRole(catalog, r));
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

export function listSkills(ctx: Context, markdown: boolean): void {
  const { catalog, root } = catalogForCwd(ctx);
  if (markdown) {
    process.stdout.write(renderSkillsIndex(catalog));
    return;
  }
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

export function listPresets(ctx: Context): void {
  const { catalog } = catalogForCwd(ctx);
  const presets = Object.entries(catalog.presets).map(([name, p]) => ({ name, description: p.description, agents: p.agents }));
  ctx.out.result({ presets }, () =>
    presets.map((p) => `${ctx.out.style.bold(p.name)}  ${p.description}  ${ctx.out.style.dim(Object.entries(p.agents).map(([n, a]) => `${n} (${a.role})`).join(', '))}`),
  );
}
