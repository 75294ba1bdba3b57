import { basename } from 'node:path';
import type { Catalog, CatalogRole } from '../library/model.js';
import { COLORS, MODELS } from '../library/schema.js';
import { own } from '../own.js';
import { resolveAgent, roleSkills } from '../resolve/resolver.js';
import type { TeamData } from '../team/schema.js';
import type { RoleDetailView, RoleSkill, RoleSummary, RoleView } from './types.js';

export type { RoleSummary, VariantInfo } from './types.js';

/** The role's own skills without variants, with the dependencies the resolver adds. */
export function baseSkills(catalog: Catalog, role: string): string[] {
  return resolveAgent(catalog, { name: 'role-summary', role, variants: {} }).skills;
}

export function summariseRole(catalog: Catalog, role: CatalogRole): RoleSummary {
  return {
    name: role.name,
    title: role.title,
    description: role.description,
    toolProfile: role.toolProfile ?? null,
    tools: role.tools,
    model: role.model,
    color: role.color ?? null,
    origin: role.origin,
    inherits: role.skills.inherit,
    skills: baseSkills(catalog, role.name),
    variants: Object.values(role.variants).map((v) => ({
      name: v.name,
      title: v.title,
      multiple: v.multiple,
      values: Object.values(v.values).map((x) => ({ name: x.name, title: x.title, description: x.description ?? null, skills: x.skills })),
    })),
  };
}

/** Why the role has each skill: the first reason found, in the resolver's own order. */
export function explainSkills(catalog: Catalog, role: CatalogRole): RoleSkill[] {
  const direct = new Map<string, string>();
  for (const ref of role.skills.include) {
    if (typeof ref === 'string') direct.set(ref, 'include');
    else for (const s of Object.values(catalog.skills)) if (s.category === ref.category && !s.variantOnly && !direct.has(s.name)) direct.set(s.name, `category:${ref.category}`);
  }
  const inherited = new Map<string, string>();
  for (const parent of role.skills.inherit) for (const s of roleSkills(catalog, parent)) if (!inherited.has(s)) inherited.set(s, `inherit:${parent}`);
  const resolved = baseSkills(catalog, role.name);
  return resolved.map((name) => {
    const via = inherited.get(name) ?? direct.get(name);
    if (via) return { name, via };
    const needer = resolved.find((other) => own(catalog.skills, other)?.dependsOn.includes(name));
    return { name, via: needer ? `depends_on:${needer}` : 'include' };
  });
}

function agentsOf(team: TeamData | undefined, role: string): string[] {
  return Object.entries(team?.agents ?? {}).filter(([, a]) => a.role === role).map(([n]) => n);
}

/** Every role of the catalog, with the team's agents of each. */
export function roleViews(catalog: Catalog, team?: TeamData): RoleView[] {
  return Object.values(catalog.roles).map((r) => ({ ...summariseRole(catalog, r), agents: agentsOf(team, r.name) }));
}

/** What a role override may name, for an editing form. */
export function roleChoices(catalog: Catalog) {
  return {
    models: [...MODELS],
    colors: [...COLORS],
    toolProfiles: Object.keys(catalog.toolProfiles),
    skills: Object.keys(catalog.skills).sort(),
    categories: Object.keys(catalog.categories),
  };
}

/** One role in full: why it has each skill, its rules and the project's override; undefined when unknown. */
export function roleDetail(catalog: Catalog, team: TeamData | undefined, name: string): RoleDetailView | undefined {
  const role = own(catalog.roles, name);
  if (!role) return undefined;
  return {
    role: { ...summariseRole(catalog, role), agents: agentsOf(team, name) },
    resolved: explainSkills(catalog, role),
    excluded: role.skills.exclude,
    rules: role.rulesFiles.map((file) => ({ file: basename(file), text: own(catalog.texts, file) ?? '' })),
    override: (own(team?.roles ?? {}, name) as Record<string, unknown> | undefined) ?? null,
    inLibrary: role.origin !== 'project',
  };
}
