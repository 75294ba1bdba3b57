import type { Catalog, CatalogSkill } from '../library/model.js';
import { own } from '../own.js';
import { resolveAgent } from '../resolve/resolver.js';
import type { AgentView, SkillView } from './types.js';

/** Every role that can give an agent the skill: by itself or through one of its variant values. */
function rolesBySkill(catalog: Catalog): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const role of Object.values(catalog.roles)) {
    const skills = new Set(resolveAgent(catalog, { name: 'role-preview', role: role.name, variants: {} }).skills);
    for (const variant of Object.values(role.variants)) {
      for (const value of Object.keys(variant.values)) {
        for (const s of resolveAgent(catalog, { name: 'role-preview', role: role.name, variants: { [variant.name]: [value] } }).skills) skills.add(s);
      }
    }
    for (const s of skills) out.set(s, [...(out.get(s) ?? []), role.name]);
  }
  return out;
}

/** Every skill of the catalog with the roles that select it and the agents of the team that have it. */
export function skillViews(catalog: Catalog, agents: AgentView[]): SkillView[] {
  const roles = rolesBySkill(catalog);
  const users = new Map<string, string[]>();
  for (const a of agents) for (const s of a.skills) users.set(s, [...(users.get(s) ?? []), a.name]);
  return Object.values(catalog.skills).map((k) => ({
    name: k.name,
    category: k.category,
    categoryTitle: own(catalog.categories, k.category)?.title ?? k.category,
    tags: k.tags,
    description: k.description,
    dependsOn: k.dependsOn,
    recommends: k.recommends,
    variantOnly: k.variantOnly,
    origin: k.origin,
    roles: roles.get(k.name) ?? [],
    agents: users.get(k.name) ?? [],
  }));
}

/** The files of a skill besides SKILL.md, as the catalog read them. */
export function skillFiles(skill: CatalogSkill): Array<{ path: string; size: number }> {
  return skill.files.filter((f) => f.path !== 'SKILL.md').map((f) => ({ path: f.path, size: f.size }));
}
