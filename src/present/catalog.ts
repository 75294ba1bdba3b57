import type { Catalog } from '../core/library/model.js';
import type { RoleView, SkillView } from '../core/views/index.js';
import { pad, type Style } from './style.js';

export function roleLines(s: Style, roles: RoleView[]): string[] {
  return roles.flatMap((r) => [
    `${s.bold(r.name)}  ${r.title}  ${s.dim(`(${r.skills.length} skills, tools: ${r.toolProfile ?? r.tools.join(', ')}, model: ${r.model})`)}`,
    `  ${r.description}`,
    ...r.variants.map((v) => `  ${s.cyan(`--${v.name}`)} ${v.values.map((x) => x.name).join(' | ')}${v.multiple ? s.dim('  (several: a,b)') : ''}`),
    '',
  ]);
}

export function skillLines(s: Style, catalog: Catalog, skills: SkillView[]): string[] {
  const width = Math.max(...skills.map((k) => k.name.length)) + 2;
  const lines: string[] = [];
  for (const [category, info] of Object.entries(catalog.categories)) {
    const inCategory = skills.filter((k) => k.category === category);
    if (inCategory.length === 0) continue;
    lines.push(s.bold(`${info.title} (${inCategory.length})`));
    for (const k of inCategory) lines.push(`  ${pad(k.name, width)}${k.agents.length ? s.green(k.agents.join(', ')) : s.dim('-')}`);
  }
  return lines;
}

export function presetLines(s: Style, presets: Array<{ name: string; description: string; agents: Record<string, { role: string }> }>): string[] {
  return presets.map((p) => `${s.bold(p.name)}  ${p.description}  ${s.dim(Object.entries(p.agents).map(([n, a]) => `${n} (${a.role})`).join(', '))}`);
}
