import type { Catalog, CatalogRole } from '../library/catalog.js';
import { resolveAgent } from '../resolve/resolver.js';

/** A role as `list --roles` and the dashboard show it: plain data, ready for JSON. */
export interface VariantInfo {
  name: string;
  title: string;
  multiple: boolean;
  values: Array<{ name: string; title: string; description: string | null; skills: string[] }>;
}

export interface RoleSummary {
  name: string;
  title: string;
  description: string;
  toolProfile: string | null;
  tools: string[];
  model: string;
  color: string | null;
  origin: CatalogRole['origin'];
  inherits: string[];
  /** The role's skills without variants: inherited, included and their dependencies. */
  skills: string[];
  variants: VariantInfo[];
}

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
