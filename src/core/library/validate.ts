import { dirname, join, relative } from 'node:path';
import { isInside, toPosix } from '../apply/safe-path.js';
import { toolProblem } from '../claude/formats.js';
import { findCycle } from '../graph.js';
import { own } from '../own.js';
import { TEAM_FILE } from '../paths.js';
import { variantProblems } from '../resolve/variants.js';
import { REGISTRY_FILE, type SourceRef } from './load.js';
import type { Catalog } from './model.js';
import { MAJOR_RANGE } from './schema.js';
import { hookProblems, mcpServerProblems } from './integration-rules.js';

/** Which source defined each library role, for messages that name the right file. */
export type RoleOrigins = Map<string, SourceRef>;

export interface ValidateContext {
  origins: RoleOrigins;
  libraryDir: string;
  projectRoot?: string;
}

/** The major range `N`, `N-M`, `>=N`, `<=N` as inclusive bounds. */
export function majorBounds(range: string): [number, number] {
  if (range.startsWith('>=')) return [Number(range.slice(2)), Infinity];
  if (range.startsWith('<=')) return [0, Number(range.slice(2))];
  const [a, b] = range.split('-');
  return [Number(a), Number(b ?? a)];
}

/**
 * Everything that must hold between the parts of a catalog: names that point somewhere, no
 * cycles, tools Claude Code knows, files that exist, version ranges that do not overlap.
 * Pure: it reads nothing, it only returns problems.
 */
export function validateCatalog(catalog: Catalog, context: ValidateContext): string[] {
  const problems: string[] = [];
  const add = (where: string, message: string) => problems.push(`${where}: ${message}`);
  const where = (role: string) => {
    const source = context.origins.get(role);
    const r = catalog.roles[role]!;
    return r.origin === 'library' && source ? `${source.show(join(source.dir, REGISTRY_FILE))}: roles.${role}` : `${TEAM_FILE} roles.${role}`;
  };
  const showFile = (abs: string) => {
    const lib = context.libraryDir;
    return isInside(lib, abs) ? `agent-team library ${toPosix(relative(dirname(lib), abs))}` : toPosix(relative(context.projectRoot ?? '.', abs));
  };
  const exists = (file: string) => file.includes('\0') || own(catalog.texts, file) !== undefined;

  for (const skill of Object.values(catalog.skills)) {
    const at = `skills.${skill.name}`;
    if (!own(catalog.categories, skill.category)) add(at, `unknown category "${skill.category}"`);
    for (const dep of [...skill.dependsOn, ...skill.recommends]) {
      if (!own(catalog.skills, dep)) add(at, `unknown skill "${dep}" in depends_on/recommends`);
    }
  }
  const cycle = findCycle(Object.keys(catalog.skills), (s) => own(catalog.skills, s)?.dependsOn ?? []);
  if (cycle) add('skills', `depends_on has a cycle: ${cycle.join(' → ')}`);

  for (const role of Object.values(catalog.roles)) {
    const at = where(role.name);
    if (role.toolProfile !== undefined && !own(catalog.toolProfiles, role.toolProfile)) {
      add(at, `unknown tool profile "${role.toolProfile}" (known: ${Object.keys(catalog.toolProfiles).join(', ')})`);
    }
    for (const tool of role.tools) {
      const problem = toolProblem(tool);
      if (problem) add(at, `tools: ${problem}`);
    }
    for (const file of role.rulesFiles) if (!exists(file)) add(at, `rules file ${showFile(file)} not found`);
    role.skills.include.forEach((ref, i) => {
      if (typeof ref === 'string') {
        if (!own(catalog.skills, ref)) add(at, `skills.include[${i}]: unknown skill "${ref}"`);
      } else if (!own(catalog.categories, ref.category)) {
        add(at, `skills.include[${i}]: unknown category "${ref.category}"`);
      }
    });
    for (const parent of role.skills.inherit) if (!own(catalog.roles, parent)) add(at, `skills.inherit: unknown role "${parent}"`);
    for (const skill of role.skills.exclude) if (!own(catalog.skills, skill)) add(at, `skills.exclude: unknown skill "${skill}"`);
    for (const { to } of role.handsOff) if (!own(catalog.roles, to)) add(at, `hands_off: unknown role "${to}"`);
    const refs = (what: string, list: { hooks?: string[]; mcpServers?: string[] }) => {
      for (const hook of list.hooks ?? []) if (!own(catalog.hooks, hook)) add(at, `${what}hooks: unknown hook "${hook}"`);
      for (const server of list.mcpServers ?? []) if (!own(catalog.mcpServers, server)) add(at, `${what}mcp_servers: unknown MCP server "${server}"`);
    };
    refs('', role);
    for (const variant of Object.values(role.variants)) {
      for (const value of Object.values(variant.values)) {
        const vat = `variants.${variant.name}.values.${value.name}`;
        for (const skill of value.skills) if (!own(catalog.skills, skill)) add(at, `${vat}: unknown skill "${skill}"`);
        refs(`${vat}.`, value);
        const ranges: Array<[number, number, string]> = [];
        for (const c of value.conventions) {
          if (!exists(c.file)) add(at, `${vat}: conventions file ${showFile(c.file)} not found`);
          if (c.versions === undefined || !MAJOR_RANGE.test(c.versions)) continue;
          const [low, high] = majorBounds(c.versions);
          if (low > high) add(at, `${vat}: conventions range "${c.versions}" is empty`);
          const clash = ranges.find(([l, h]) => low <= h && l <= high);
          if (clash) add(at, `${vat}: conventions ranges "${clash[2]}" and "${c.versions}" overlap`);
          ranges.push([low, high, c.versions]);
        }
      }
    }
    if (role.propose) {
      for (const variant of role.propose.variants) {
        if (!own(role.variants, variant)) add(at, `propose.variants: the role has no variant "${variant}"`);
      }
      if (role.propose.variants.length === 0 && !role.propose.detect) add(at, 'propose needs variants or detect, or it never applies');
    }
  }
  const roleCycle = findCycle(Object.keys(catalog.roles), (r) => own(catalog.roles, r)?.skills.inherit ?? []);
  if (roleCycle) add('roles', `skills.inherit has a cycle: ${roleCycle.join(' → ')}`);

  const owners = new Map<string, string>();
  for (const role of Object.values(catalog.roles)) {
    for (const work of role.owns) {
      const key = work.trim().toLowerCase();
      const other = owners.get(key);
      if (other && other !== role.name) add(where(role.name), `owns "${work}", which role ${other} owns too: give each kind of work one owner`);
      owners.set(key, role.name);
    }
  }

  for (const [name, hook] of Object.entries(catalog.hooks)) for (const p of hookProblems(hook)) add(`hooks.${name}`, p);
  for (const [name, server] of Object.entries(catalog.mcpServers)) for (const p of mcpServerProblems(name, server)) add(`mcp_servers.${name}`, p);

  for (const [name, preset] of Object.entries(catalog.presets)) {
    for (const [agent, spec] of Object.entries(preset.agents)) {
      const role = own(catalog.roles, spec.role);
      if (!role) {
        add(`presets.${name}.agents.${agent}`, `unknown role "${spec.role}"`);
        continue;
      }
      for (const problem of variantProblems(role, spec.variants ?? {})) add(`presets.${name}.agents.${agent}`, problem);
    }
  }
  return problems;
}
