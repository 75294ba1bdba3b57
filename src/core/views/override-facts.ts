import type { Catalog } from '../library/model.js';
import { own } from '../own.js';
import { loadTeamCatalog } from '../pipeline.js';
import { roleSkills } from '../resolve/resolver.js';
import type { OverrideFacts } from '../team/override-problems.js';
import type { TeamData } from '../team/schema.js';

/** The team without the project's override of one role: what a new override of it replaces. */
export function withoutOverride(team: TeamData, role: string): TeamData {
  const roles = Object.fromEntries(Object.entries(team.roles ?? {}).filter(([name]) => name !== role));
  return { ...team, roles };
}

/** The catalog as it would be without the project's override of `role`. */
export function catalogWithoutOverride(root: string, team: TeamData, role: string): Catalog {
  return loadTeamCatalog(root, withoutOverride(team, role));
}

function selection(catalog: Catalog, role: string): string[] {
  try {
    return roleSkills(catalog, role);
  } catch {
    return []; // a cycle or an unknown parent: the check names it where it matters
  }
}

/** What overrideProblems() needs, taken from a catalog loaded without the override being edited. */
export function overrideFacts(catalog: Catalog, role: string): OverrideFacts {
  const categories: Record<string, string[]> = Object.fromEntries(Object.keys(catalog.categories).map((c) => [c, [] as string[]]));
  for (const s of Object.values(catalog.skills)) if (!s.variantOnly && Object.hasOwn(categories, s.category)) categories[s.category]!.push(s.name);
  const existing = own(catalog.roles, role);
  return {
    role,
    skills: Object.fromEntries(Object.values(catalog.skills).map((s) => [s.name, s.dependsOn])),
    categories,
    roles: Object.fromEntries(Object.values(catalog.roles).map((r) => [r.name, { skills: selection(catalog, r.name), inherits: r.skills.inherit }])),
    base: existing ? { skills: selection(catalog, role), exclude: existing.skills.exclude, inherits: existing.skills.inherit } : { skills: [], exclude: [], inherits: [] },
  };
}
