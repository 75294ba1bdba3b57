import { failure } from '../errors.js';
import type { Catalog, CatalogRole, CatalogVariantValue } from '../library/model.js';
import { majorBounds } from '../library/validate.js';
import { own } from '../own.js';
import { variantProblems } from './variants.js';

export interface AgentRequest {
  name: string;
  role: string;
  variants: Record<string, string[]>;
  /** Major in use per variant value, when known. */
  versions?: Record<string, number>;
  /** Project paths the agent owns; none means the whole project. */
  paths?: string[];
}

export interface ResolvedConvention {
  variant: string;
  variantTitle: string;
  value: string;
  title: string;
  /** The major in use, when the team file records it. */
  version?: number;
  /** The conventions files that apply: those for every version, then the one for this major. */
  files: string[];
  /** True when the value has advice per major but the major in use is not known. */
  versionUnknown: boolean;
}

export interface ResolvedAgent {
  name: string;
  role: CatalogRole;
  variants: Record<string, string[]>;
  /** Ordered and de-duplicated: inherited, included, variant skills, each followed by its dependencies. */
  skills: string[];
  tools: string[];
  model: string;
  color?: string;
  rulesFiles: string[];
  conventions: ResolvedConvention[];
  versions: Record<string, number>;
  paths: string[];
  /** Names of the hooks and MCP servers the role and the chosen variant values declare; written only when the team file opts in. */
  hooks: string[];
  mcpServers: string[];
}

export class ResolveError extends Error {
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(message);
  }
}

/** The role's own selection (inheritance, includes, excludes), without variants or dependencies. */
const byCategory = new WeakMap<Catalog, Map<string, string[]>>();

/** A role's `{ category }` includes, looked up once per catalog rather than once per role and include. */
function skillsByCategory(catalog: Catalog): Map<string, string[]> {
  let index = byCategory.get(catalog);
  if (!index) {
    index = new Map();
    for (const skill of Object.values(catalog.skills)) {
      if (skill.variantOnly || skill.withTeams) continue;
      const names = index.get(skill.category);
      if (names) names.push(skill.name);
      else index.set(skill.category, [skill.name]);
    }
    byCategory.set(catalog, index);
  }
  return index;
}

export function roleSkills(catalog: Catalog, roleName: string, chain: string[] = []): string[] {
  const role = own(catalog.roles, roleName);
  if (!role) throw new ResolveError(`unknown role "${roleName}"`, [`unknown role "${roleName}"`]);
  if (chain.includes(roleName)) {
    const cycle = [...chain.slice(chain.indexOf(roleName)), roleName].join(' → ');
    throw new ResolveError(`roles inherit in a cycle: ${cycle}`, [`roles inherit in a cycle: ${cycle}`]);
  }
  const picked: string[] = [];
  for (const parent of role.skills.inherit) picked.push(...roleSkills(catalog, parent, [...chain, roleName]));
  for (const ref of role.skills.include) {
    if (typeof ref === 'string') picked.push(ref);
    else {
      picked.push(...(skillsByCategory(catalog).get(ref.category) ?? []));
    }
  }
  const excluded = new Set(role.skills.exclude);
  return [...new Set(picked)].filter((s) => !excluded.has(s));
}

function selectedValues(role: CatalogRole, variants: Record<string, string[]>): Array<[string, CatalogVariantValue]> {
  const out: Array<[string, CatalogVariantValue]> = [];
  // Registry order, so the result does not depend on the order flags were typed in.
  for (const variant of Object.values(role.variants)) {
    const chosen = own(variants, variant.name) ?? [];
    for (const value of Object.values(variant.values)) {
      if (chosen.includes(value.name)) out.push([variant.name, value]);
    }
  }
  return out;
}

/** Adds each skill's depends_on closure right after it; an excluded dependency is an error. */
function withDependencies(catalog: Catalog, role: CatalogRole, skills: string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const excluded = new Set(role.skills.exclude);
  const add = (name: string, neededBy?: string) => {
    if (seen.has(name)) return;
    if (neededBy && excluded.has(name)) {
      throw new ResolveError(`role ${role.name} excludes "${name}", which "${neededBy}" depends on`, [
        `role ${role.name} excludes "${name}", but "${neededBy}" depends on it: remove the exclude, or exclude "${neededBy}" too`,
      ]);
    }
    seen.add(name);
    out.push(name);
    for (const dep of own(catalog.skills, name)?.dependsOn ?? []) add(dep, name);
  };
  for (const skill of skills) add(skill);
  return out;
}

/** The conventions of one value for the major in use: common files first, then that major's. */
export function conventionsFor(value: CatalogVariantValue, major: number | undefined): { files: string[]; versionUnknown: boolean } {
  const common = value.conventions.filter((c) => c.versions === undefined).map((c) => c.file);
  const ranged = value.conventions.filter((c) => c.versions !== undefined);
  if (ranged.length === 0) return { files: common, versionUnknown: false };
  if (major === undefined) return { files: common, versionUnknown: true };
  const match = ranged.find((c) => {
    const [low, high] = majorBounds(c.versions!);
    return major >= low && major <= high;
  });
  return { files: match ? [...common, match.file] : common, versionUnknown: false };
}

export function resolveAgent(catalog: Catalog, request: AgentRequest): ResolvedAgent {
  const role = own(catalog.roles, request.role);
  if (!role) {
    const known = Object.keys(catalog.roles).join(', ');
    throw new ResolveError(`unknown role "${request.role}"`, [`unknown role "${request.role}" (known roles: ${known})`]);
  }
  const problems = variantProblems(role, request.variants);
  if (problems.length > 0) throw new ResolveError(problems[0]!, problems);

  const values = selectedValues(role, request.variants);
  const excluded = new Set(role.skills.exclude);
  const variantSkills = values.flatMap(([, value]) => value.skills).filter((s) => !excluded.has(s));
  const skills = withDependencies(catalog, role, [...new Set([...roleSkills(catalog, role.name), ...variantSkills])]);

  return {
    name: request.name,
    role,
    variants: request.variants,
    skills,
    // No skill is preloaded: an agent reaches its skills only through the Skill tool, so a tool
    // list that names tools at all names that one too (an empty list means every tool).
    tools: skills.length > 0 && role.tools.length > 0 && !role.tools.includes('Skill') ? [...role.tools, 'Skill'] : role.tools,
    model: role.model,
    color: role.color,
    rulesFiles: role.rulesFiles,
    conventions: values.map(([variant, value]) => {
      const version = own(request.versions ?? {}, value.name);
      return {
        variant,
        variantTitle: role.variants[variant]!.title,
        value: value.name,
        title: value.title,
        version,
        ...conventionsFor(value, version),
      };
    }),
    versions: request.versions ?? {},
    paths: request.paths ?? [],
    hooks: [...new Set([...(role.hooks ?? []), ...values.flatMap(([, v]) => v.hooks ?? [])])],
    mcpServers: [...new Set([...(role.mcpServers ?? []), ...values.flatMap(([, v]) => v.mcpServers ?? [])])],
  };
}

/** Resolves every agent of a team; problems name the agent and where to fix them. */
export function resolveTeam(catalog: Catalog, agents: AgentRequest[], where: string): ResolvedAgent[] {
  const problems: string[] = [];
  const resolved: ResolvedAgent[] = [];
  for (const agent of agents) {
    try {
      resolved.push(resolveAgent(catalog, agent));
    } catch (err) {
      if (!(err instanceof ResolveError)) throw err;
      for (const p of err.problems) problems.push(`agents.${agent.name}: ${p}`);
    }
  }
  if (problems.length > 0) {
    throw failure('invalid-team', `${where} asks for something the catalog does not have:`, `Fix ${where}, then run the command again.`, problems);
  }
  return resolved;
}
