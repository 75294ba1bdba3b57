import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { toolProblem } from '../claude/formats.js';
import { failure, isNodeError } from '../errors.js';
import { FrontmatterError, parseFrontmatter } from '../claude/frontmatter.js';
import { sha256 } from '../hash.js';
import { TEAM_FILE } from '../paths.js';
import { formatIssues } from '../issues.js';
import {
  Registry,
  RoleOverride,
  type AgentSpecData,
  type DetectData,
  type RegistryData,
  type RoleData,
  type RoleOverrideData,
  type SkillRefData,
  type VariantData,
} from './schema.js';
import type { TeamData } from '../team/schema.js';
import { checkSkillFrontmatter } from '../claude/skill-rules.js';
import { loadYaml } from '../yaml.js';

export interface CatalogSkill {
  name: string;
  category: string;
  tags: string[];
  dependsOn: string[];
  recommends: string[];
  variantOnly: boolean;
  /** Absolute folder of the skill (SKILL.md and its references). */
  dir: string;
  description: string;
  /** Size of SKILL.md, for token estimates. */
  chars: number;
  /** Where it comes from: `library` or the source folder as written in the team file. */
  origin: string;
}

export interface CatalogVariantValue {
  name: string;
  title: string;
  description?: string;
  skills: string[];
  conventionsFile?: string;
  detect?: DetectData;
}

export interface CatalogVariant {
  name: string;
  title: string;
  multiple: boolean;
  values: Record<string, CatalogVariantValue>;
}

export interface CatalogRole {
  name: string;
  title: string;
  description: string;
  tools: string[];
  /** The tool profile named by the role, when it names one. */
  toolProfile?: string;
  model: string;
  color?: string;
  rulesFiles: string[];
  skills: { include: SkillRefData[]; inherit: string[]; exclude: string[] };
  variants: Record<string, CatalogVariant>;
  /** When stack detection proposes an agent of this role; never when absent. */
  propose?: CatalogProposal;
  origin: 'library' | 'project' | 'library+project';
}

export interface CatalogProposal {
  /** The proposed agent's default name. */
  name: string;
  /** Proposed where a value of one of these variants is detected. */
  variants: string[];
  /** ... or where this evidence is found. */
  detect?: DetectData;
}

export interface Catalog {
  digest: string;
  categories: Record<string, { title: string; description?: string }>;
  toolProfiles: Record<string, string[]>;
  skills: Record<string, CatalogSkill>;
  roles: Record<string, CatalogRole>;
  presets: Record<string, { description: string; agents: Record<string, AgentSpecData> }>;
}

export interface CatalogOptions {
  libraryDir: string;
  /** The project, for the team file's `roles` overrides and `sources`. */
  projectRoot?: string;
  team?: TeamData;
}

const REGISTRY_FILE = 'skills-registry.yaml';

interface Source {
  dir: string;
  label: string;
  /** How files of this source are named in messages. */
  show: (abs: string) => string;
}

/** Collects every problem so one run reports them all, each naming its file and key. */
class Problems {
  readonly list: string[] = [];
  add(where: string, message: string): void {
    this.list.push(`${where}: ${message}`);
  }
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Loads the library, the team's extra sources and its role overrides into one validated catalog. */
export function loadCatalog(options: CatalogOptions): Catalog {
  const problems = new Problems();
  const digest: string[] = [];
  const project = options.projectRoot;
  const sources: Source[] = [
    { dir: options.libraryDir, label: 'library', show: (abs) => `agent-team library ${toPosix(relative(dirname(options.libraryDir), abs))}` },
  ];
  for (const source of options.team?.sources ?? []) {
    const dir = resolve(project ?? '.', source);
    if (project && !isInside(project, dir)) {
      problems.add(`${TEAM_FILE} sources`, `"${source}" is outside the project; copy the library into the project instead`);
      continue;
    }
    sources.push({ dir, label: source, show: (abs) => toPosix(relative(project ?? '.', abs)) });
  }

  const catalog: Catalog = { digest: '', categories: {}, toolProfiles: {}, skills: {}, roles: {}, presets: {} };
  const roleSource = new Map<string, Source>();
  const skillEntries: Array<{ name: string; source: Source; path: string; entry: RegistryData['skills'][string] }> = [];

  for (const source of sources) {
    const registryPath = join(source.dir, REGISTRY_FILE);
    const where = source.show(registryPath);
    let text: string;
    try {
      text = readFileSync(registryPath, 'utf8');
    } catch (err) {
      problems.add(where, isNodeError(err, 'ENOENT') ? 'file not found' : (err as Error).message);
      continue;
    }
    digest.push(text);
    let raw: unknown;
    try {
      raw = loadYaml(text, where, '');
    } catch (err) {
      problems.add(where, (err as Error).message);
      continue;
    }
    // Top-level `x-` keys hold YAML anchors shared by several roles; they are not data.
    if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
      raw = Object.fromEntries(Object.entries(raw).filter(([k]) => !k.startsWith('x-')));
    }
    const parsed = Registry.safeParse(raw);
    if (!parsed.success) {
      for (const line of formatIssues(parsed.error.issues)) problems.list.push(`${where}: ${line}`);
      continue;
    }
    const reg = parsed.data;
    mergeUnique(catalog.categories, reg.categories, where, 'categories', problems);
    mergeUnique(catalog.toolProfiles, reg.tool_profiles ?? {}, where, 'tool_profiles', problems);
    mergeUnique(catalog.presets, reg.presets ?? {}, where, 'presets', problems);
    for (const [name, entry] of Object.entries(reg.skills)) {
      if (skillEntries.some((s) => s.name === name)) {
        problems.add(where, `skills.${name} is already defined by another source`);
        continue;
      }
      skillEntries.push({ name, source, path: join(source.dir, entry.path ?? `skills/${name}`), entry });
    }
    for (const [name, role] of Object.entries(reg.roles ?? {})) {
      if (catalog.roles[name]) {
        problems.add(where, `roles.${name} is already defined by another source; override roles in ${TEAM_FILE} instead`);
        continue;
      }
      catalog.roles[name] = toCatalogRole(name, role, source.dir, 'library');
      roleSource.set(name, source);
    }
  }

  for (const { name, source, path, entry } of skillEntries) {
    const where = `${source.show(join(source.dir, REGISTRY_FILE))}: skills.${name}`;
    const skillFile = join(path, 'SKILL.md');
    let text: string;
    try {
      text = readFileSync(skillFile, 'utf8');
    } catch {
      problems.list.push(`${where}: missing ${source.show(skillFile)}`);
      continue;
    }
    digest.push(name, text);
    let description = '';
    try {
      const { data } = parseFrontmatter(text);
      const folder = path.split(/[\\/]/).filter(Boolean).pop() ?? '';
      for (const p of checkSkillFrontmatter(name, data)) problems.add(source.show(skillFile), p);
      if (folder !== name) problems.add(where, `folder "${folder}" must be named like the skill`);
      description = typeof data.description === 'string' ? data.description : '';
    } catch (err) {
      if (!(err instanceof FrontmatterError)) throw err;
      problems.add(source.show(skillFile), err.message);
    }
    catalog.skills[name] = {
      name,
      category: entry.category,
      tags: entry.tags ?? [],
      dependsOn: entry.depends_on ?? [],
      recommends: entry.recommends ?? [],
      variantOnly: entry.variant_only ?? false,
      dir: path,
      description,
      chars: text.length,
      origin: source.label,
    };
  }

  applyOverrides(catalog, options, problems);
  checkIntegrity(catalog, roleSource, options, problems);

  if (problems.list.length > 0) {
    const fromProject = problems.list.some((p) => !p.startsWith('agent-team library'));
    throw failure(
      'invalid-catalog',
      'The skill catalog has problems:',
      fromProject
        ? 'Fix the files named above (the team file, its sources or role overrides), then run again.'
        : 'The agent-team library itself is inconsistent: please report this as a bug.',
      problems.list,
    );
  }
  catalog.digest = `sha256-${sha256(digest.join('\0'))}`;
  return catalog;
}

function mergeUnique<T>(into: Record<string, T>, from: Record<string, T>, where: string, key: string, problems: Problems): void {
  for (const [name, value] of Object.entries(from)) {
    if (name in into) problems.add(where, `${key}.${name} is already defined by another source`);
    else into[name] = value;
  }
}

function toCatalogRole(name: string, role: RoleData, baseDir: string, origin: CatalogRole['origin']): CatalogRole {
  const rules = role.rules === undefined ? [] : Array.isArray(role.rules) ? role.rules : [role.rules];
  return {
    name,
    title: role.title,
    description: role.description,
    tools: [],
    toolProfile: typeof role.tools === 'string' ? role.tools : undefined,
    ...(Array.isArray(role.tools) ? { tools: role.tools } : {}),
    model: role.model ?? 'inherit',
    color: role.color,
    rulesFiles: rules.map((r) => resolve(baseDir, r)),
    skills: {
      include: role.skills?.include ?? [],
      inherit: role.skills?.inherit ?? [],
      exclude: role.skills?.exclude ?? [],
    },
    variants: toCatalogVariants(role.variants ?? {}, baseDir),
    propose: role.propose ? { name: role.propose.name ?? name, variants: role.propose.variants ?? [], detect: role.propose.detect } : undefined,
    origin,
  };
}

function toCatalogVariants(variants: Record<string, VariantData>, baseDir: string): Record<string, CatalogVariant> {
  const out: Record<string, CatalogVariant> = {};
  for (const [name, variant] of Object.entries(variants)) {
    out[name] = {
      name,
      title: variant.title ?? name,
      multiple: variant.multiple ?? false,
      values: Object.fromEntries(
        Object.entries(variant.values).map(([value, v]) => [
          value,
          {
            name: value,
            title: v.title ?? value,
            description: v.description,
            skills: v.skills ?? [],
            conventionsFile: v.conventions ? resolve(baseDir, v.conventions) : undefined,
            detect: v.detect,
          },
        ]),
      ),
    };
  }
  return out;
}

/**
 * The team file's `roles:` entries are merged onto library roles: scalar keys replace, lists
 * (rules, skill include/inherit/exclude) are appended, variants merge by name and value.
 * A role the library does not have is added, and then needs a title and a description.
 */
function applyOverrides(catalog: Catalog, options: CatalogOptions, problems: Problems): void {
  const base = options.projectRoot ?? '.';
  for (const [name, raw] of Object.entries(options.team?.roles ?? {})) {
    const parsed = RoleOverride.safeParse(raw ?? {});
    if (!parsed.success) {
      for (const line of formatIssues(parsed.error.issues)) problems.add(`${TEAM_FILE} roles.${name}`, line);
      continue;
    }
    const over = parsed.data;
    const existing = catalog.roles[name];
    if (!existing) {
      if (!over.title || !over.description) {
        problems.add(`${TEAM_FILE} roles.${name}`, 'is not a library role, so it needs a title and a description');
        continue;
      }
      catalog.roles[name] = toCatalogRole(name, over as RoleData, base, 'project');
      continue;
    }
    catalog.roles[name] = mergeRole(existing, over, base);
  }
}

function mergeRole(role: CatalogRole, over: RoleOverrideData, baseDir: string): CatalogRole {
  const patch = toCatalogRole(role.name, { title: role.title, description: role.description, ...over } as RoleData, baseDir, 'project');
  const variants = { ...role.variants };
  for (const [name, variant] of Object.entries(patch.variants)) {
    const current = variants[name];
    variants[name] = current
      ? {
          ...current,
          title: over.variants?.[name]?.title ?? current.title,
          multiple: over.variants?.[name]?.multiple ?? current.multiple,
          values: { ...current.values, ...variant.values },
        }
      : variant;
  }
  return {
    ...role,
    title: patch.title,
    description: patch.description,
    tools: over.tools === undefined ? role.tools : patch.tools,
    toolProfile: over.tools === undefined ? role.toolProfile : patch.toolProfile,
    model: over.model ?? role.model,
    color: over.color ?? role.color,
    rulesFiles: [...role.rulesFiles, ...patch.rulesFiles],
    skills: {
      include: [...role.skills.include, ...patch.skills.include],
      inherit: [...new Set([...role.skills.inherit, ...patch.skills.inherit])],
      exclude: [...new Set([...role.skills.exclude, ...patch.skills.exclude])],
    },
    variants,
    propose: over.propose ? patch.propose : role.propose,
    origin: 'library+project',
  };
}

function checkIntegrity(catalog: Catalog, roleSource: Map<string, Source>, options: CatalogOptions, problems: Problems): void {
  const where = (role: string) => {
    const source = roleSource.get(role);
    const r = catalog.roles[role]!;
    return r.origin === 'library' && source ? `${source.show(join(source.dir, REGISTRY_FILE))}: roles.${role}` : `${TEAM_FILE} roles.${role}`;
  };
  const showFile = (abs: string) => {
    const lib = options.libraryDir;
    return isInside(lib, abs) ? `agent-team library ${toPosix(relative(dirname(lib), abs))}` : toPosix(relative(options.projectRoot ?? '.', abs));
  };

  for (const skill of Object.values(catalog.skills)) {
    const at = `skills.${skill.name}`;
    if (!catalog.categories[skill.category]) problems.add(at, `unknown category "${skill.category}"`);
    for (const dep of [...skill.dependsOn, ...skill.recommends]) {
      if (!catalog.skills[dep]) problems.add(at, `unknown skill "${dep}" in depends_on/recommends`);
    }
  }
  const cycle = findCycle(Object.keys(catalog.skills), (s) => catalog.skills[s]?.dependsOn ?? []);
  if (cycle) problems.add('skills', `depends_on has a cycle: ${cycle.join(' → ')}`);

  for (const role of Object.values(catalog.roles)) {
    const at = where(role.name);
    if (role.toolProfile !== undefined) {
      const profile = catalog.toolProfiles[role.toolProfile];
      if (!profile) problems.add(at, `unknown tool profile "${role.toolProfile}" (known: ${Object.keys(catalog.toolProfiles).join(', ')})`);
      else role.tools = profile;
    }
    for (const tool of role.tools) {
      const problem = toolProblem(tool);
      if (problem) problems.add(at, `tools: ${problem}`);
    }
    for (const file of role.rulesFiles) {
      if (!existsSync(file)) problems.add(at, `rules file ${showFile(file)} not found`);
    }
    role.skills.include.forEach((ref, i) => {
      if (typeof ref === 'string') {
        if (!catalog.skills[ref]) problems.add(at, `skills.include[${i}]: unknown skill "${ref}"`);
      } else if (!catalog.categories[ref.category]) {
        problems.add(at, `skills.include[${i}]: unknown category "${ref.category}"`);
      }
    });
    for (const parent of role.skills.inherit) {
      if (!catalog.roles[parent]) problems.add(at, `skills.inherit: unknown role "${parent}"`);
    }
    for (const skill of role.skills.exclude) {
      if (!catalog.skills[skill]) problems.add(at, `skills.exclude: unknown skill "${skill}"`);
    }
    for (const variant of Object.values(role.variants)) {
      for (const value of Object.values(variant.values)) {
        const vat = `variants.${variant.name}.values.${value.name}`;
        for (const skill of value.skills) {
          if (!catalog.skills[skill]) problems.add(at, `${vat}: unknown skill "${skill}"`);
        }
        if (value.conventionsFile && !existsSync(value.conventionsFile)) {
          problems.add(at, `${vat}: conventions file ${showFile(value.conventionsFile)} not found`);
        }
      }
    }
    if (role.propose) {
      for (const variant of role.propose.variants) {
        if (!role.variants[variant]) problems.add(at, `propose.variants: the role has no variant "${variant}"`);
      }
      if (role.propose.variants.length === 0 && !role.propose.detect) problems.add(at, 'propose needs variants or detect, or it never applies');
    }
  }
  const roleCycle = findCycle(Object.keys(catalog.roles), (r) => catalog.roles[r]?.skills.inherit ?? []);
  if (roleCycle) problems.add('roles', `skills.inherit has a cycle: ${roleCycle.join(' → ')}`);

  for (const [name, preset] of Object.entries(catalog.presets)) {
    for (const [agent, spec] of Object.entries(preset.agents)) {
      const role = catalog.roles[spec.role];
      if (!role) {
        problems.add(`presets.${name}.agents.${agent}`, `unknown role "${spec.role}"`);
        continue;
      }
      for (const problem of variantProblems(role, spec.variants ?? {})) problems.add(`presets.${name}.agents.${agent}`, problem);
    }
  }
}

/** Problems with a variant selection for a role; each names the valid choices. */
export function variantProblems(role: CatalogRole, selection: Record<string, string | string[]>): string[] {
  const problems: string[] = [];
  const names = Object.keys(role.variants);
  for (const [category, raw] of Object.entries(selection)) {
    const values = Array.isArray(raw) ? raw : [raw];
    const variant = role.variants[category];
    if (!variant) {
      problems.push(
        names.length
          ? `role ${role.name} has no variant "${category}" (its variants: ${names.join(', ')})`
          : `role ${role.name} has no variants, so "${category}" cannot be set`,
      );
      continue;
    }
    const valid = Object.keys(variant.values);
    for (const value of values) {
      if (!variant.values[value]) problems.push(`unknown ${category} "${value}" for role ${role.name} (valid: ${valid.join(', ')})`);
    }
    if (!variant.multiple && values.length > 1) {
      problems.push(`${category} of role ${role.name} takes one value, got ${values.join(', ')}`);
    }
  }
  return problems;
}

/** A dependency cycle as a path that starts and ends at the same node, or undefined. */
export function findCycle(nodes: string[], edges: (node: string) => string[]): string[] | undefined {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 2) return undefined;
    if (state.get(node) === 1) return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 1);
    stack.push(node);
    for (const next of edges(node)) {
      const found = visit(next);
      if (found) return found;
    }
    stack.pop();
    state.set(node, 2);
    return undefined;
  };
  for (const node of nodes) {
    const found = visit(node);
    if (found) return found;
  }
  return undefined;
}
