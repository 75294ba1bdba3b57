import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Hono } from 'hono';
import type { Catalog, CatalogRole } from '../../core/library/catalog.js';
import { failure } from '../../core/errors.js';
import { roleSkills } from '../../core/resolve/resolver.js';
import { baseSkills, summariseRole } from '../../core/views/roles.js';
import { COLORS, MODELS } from '../../core/library/schema.js';
import { renderDocument } from '../markdown.js';
import type { RoleDetailResponse, RolesResponse, RoleSkill, RoleSummary } from '../types.js';
import type { ProjectView } from '../view.js';
import { nameParam } from './params.js';

export function roleSummary(catalog: Catalog, role: CatalogRole, agents: string[]): RoleSummary {
  return { ...summariseRole(catalog, role), agents };
}

/** Why the role has each skill: the first reason found, in the resolver's own order. */
function explain(catalog: Catalog, role: CatalogRole): RoleSkill[] {
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
    const needer = resolved.find((other) => catalog.skills[other]?.dependsOn.includes(name));
    return { name, via: needer ? `depends_on:${needer}` : 'include' };
  });
}

export function roleRoutes(view: ProjectView): Hono {
  const api = new Hono();
  const agentsOf = (role: string) => Object.entries(view.project().team.agents ?? {}).filter(([, a]) => a.role === role).map(([n]) => n);

  api.get('/', (c) => {
    const catalog = view.catalog();
    return c.json<RolesResponse>({
      ok: true,
      roles: Object.values(catalog.roles).map((r) => roleSummary(catalog, r, agentsOf(r.name))),
      choices: {
        models: [...MODELS],
        colors: [...COLORS],
        toolProfiles: Object.keys(catalog.toolProfiles),
        skills: Object.keys(catalog.skills).sort(),
        categories: Object.keys(catalog.categories),
      },
    });
  });

  api.get('/:name', (c) => {
    const name = nameParam(c.req.param('name'), 'role');
    const catalog = view.catalog();
    const role = catalog.roles[name];
    if (!role) throw failure('unknown-role', `No role named "${name}".`, `Known roles: ${Object.keys(catalog.roles).join(', ')}.`);
    const override = (view.project().team.roles?.[name] as Record<string, unknown> | undefined) ?? null;
    return c.json<RoleDetailResponse>({
      ok: true,
      role: roleSummary(catalog, role, agentsOf(name)),
      resolved: explain(catalog, role),
      excluded: role.skills.exclude,
      rules: role.rulesFiles.map((file) => ({ file: basename(file), html: renderDocument(readFileSync(file, 'utf8')).html })),
      override,
      inLibrary: role.origin !== 'project',
    });
  });

  return api;
}
