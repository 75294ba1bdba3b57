import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { isMap, parseDocument } from 'yaml';
import * as yaml from 'yaml';
import { isInside, resolveInside, toPosix } from '../apply/safe-path.js';
import { isAgentTeamError } from '../errors.js';
import { formatIssues } from '../issues.js';
import { REGISTRY_FILE } from '../library/load.js';
import { registrySchemas, type ConventionsEntryData, type RegistryData, type RoleData, type SkillRefData } from '../library/schema.js';
import { dict, own } from '../own.js';
import { NAME_PATTERN } from '../team/names.js';
import { yamlProblem } from '../yaml.js';
import { flatName } from './names.js';

/**
 * What a source holds, and the same turned into a library the catalog reads like any other.
 *
 * A source is laid out like the library (a skills-registry.yaml with skills and optional roles) or
 * is a plain folder of `<skill>/SKILL.md` (at its top, or under `skills/` or `.claude/skills/`);
 * then every skill gets a registry entry, its category from `metadata.category` in its SKILL.md or
 * `skills`. The prepared library renames everything the source defines to `<source>-<name>` (its
 * skills, roles, categories, tool profiles) and rewrites each SKILL.md's `name` to match its new
 * folder; names the source uses but does not define are the library's. A source's presets and
 * `propose` entries are left out: stack detection never proposes a third party's role.
 */
export interface SourceSkill {
  /** The name in the source. */
  name: string;
  /** Its folder, relative to the source's top. */
  path: string;
}

export interface SourceLayout {
  kind: 'registry' | 'folders';
  skills: SourceSkill[];
  registry?: RegistryData;
  /** What makes the source unusable (an invalid registry): an error. */
  problems: string[];
  /** What was left out (a folder whose name is not a skill name): a warning. */
  notes: string[];
}

const MAX_REGISTRY_BYTES = 8 * 1024 * 1024;
const DEFAULT_CATEGORY = 'skills';
const PREPARED_VERSION = 1;

const isSkillFolder = (dir: string) => {
  try {
    return lstatSync(join(dir, 'SKILL.md')).isFile();
  } catch {
    return false;
  }
};

function inside(top: string, path: string, what: string, problems: string[]): string | undefined {
  try {
    return toPosix(relative(realpathSync(top), resolveInside(top, path, what))) || '.';
  } catch (err) {
    if (!isAgentTeamError(err)) throw err;
    problems.push(err.message);
    return undefined;
  }
}

/** Reads a source's layout from its unpacked files. */
export function readLayout(top: string): SourceLayout {
  const registryPath = join(top, REGISTRY_FILE);
  if (existsSync(registryPath)) {
    const problems: string[] = [];
    const parsed = yamlProblem(readFileSync(registryPath, 'utf8'), { maxBytes: MAX_REGISTRY_BYTES });
    if (!('value' in parsed)) return { kind: 'registry', skills: [], problems: [`${REGISTRY_FILE}${parsed.line ? `:${parsed.line}` : ''}: ${parsed.message}`], notes: [] };
    let raw = parsed.value;
    if (raw && typeof raw === 'object' && !Array.isArray(raw)) raw = Object.fromEntries(Object.entries(raw).filter(([k]) => !k.startsWith('x-')));
    const result = registrySchemas().Registry.safeParse(raw);
    if (!result.success) return { kind: 'registry', skills: [], problems: formatIssues(result.error.issues).map((l) => `${REGISTRY_FILE}: ${l}`), notes: [] };
    const skills: SourceSkill[] = [];
    for (const [name, entry] of Object.entries(result.data.skills)) {
      const path = inside(top, entry.path ?? `skills/${name}`, `skills.${name}.path`, problems);
      if (path !== undefined) skills.push({ name, path });
    }
    return { kind: 'registry', skills, registry: result.data, problems, notes: [] };
  }
  const notes: string[] = [];
  const base = ['skills', '.claude/skills', ''].find((b) => {
    try {
      return readdirSync(join(top, b)).some((n) => isSkillFolder(join(top, b, n)));
    } catch {
      return false;
    }
  });
  if (base === undefined) return { kind: 'folders', skills: [], problems: [`neither ${REGISTRY_FILE} nor a <skill>/SKILL.md folder (at the top, in skills/ or in .claude/skills/) was found`], notes };
  const skills: SourceSkill[] = [];
  for (const name of readdirSync(join(top, base)).sort()) {
    if (!isSkillFolder(join(top, base, name))) continue;
    if (!NAME_PATTERN.test(name) || name.length > 64) {
      notes.push(`${base ? `${base}/` : ''}${name} is left out: a skill folder must be named with lowercase letters, digits and single dashes`);
      continue;
    }
    skills.push({ name, path: base ? `${base}/${name}` : name });
  }
  return { kind: 'folders', skills, problems: skills.length ? [] : ['no skill folder has a valid name'], notes };
}

/** `metadata.category` of a SKILL.md, when it is a valid name. */
function categoryOf(skillMd: string): string | undefined {
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(skillMd);
  if (!match) return undefined;
  const parsed = yamlProblem(match[1]!, { maxBytes: 64 * 1024 });
  if (!('value' in parsed)) return undefined;
  const category = (parsed.value as { metadata?: { category?: unknown } } | null)?.metadata?.category;
  return typeof category === 'string' && NAME_PATTERN.test(category) && category.length <= 64 ? category : undefined;
}

/** The SKILL.md with its frontmatter `name` set to the folder it is installed in; the rest as written. */
export function renameSkill(text: string, name: string): string {
  const match = /^---\r?\n(?:([\s\S]*?)\r?\n)?---([ \t]*(?:\r?\n|$))/.exec(text);
  if (!match) return text;
  const doc = parseDocument(match[1] ?? '', { uniqueKeys: true });
  if (doc.errors.length > 0 || (doc.contents !== null && !isMap(doc.contents))) return text;
  doc.set('name', name);
  return `---\n${doc.toString({ lineWidth: 0 }).replace(/\n$/, '')}\n---${match[2]}${text.slice(match[0].length)}`;
}

interface Mapper {
  skill: (n: string) => string;
  role: (n: string) => string;
  category: (n: string) => string;
  profile: (n: string) => string;
  file: (path: string) => string;
}

function mapRole(role: RoleData, m: Mapper): RoleData {
  const include = (ref: SkillRefData): SkillRefData => (typeof ref === 'string' ? m.skill(ref) : { category: m.category(ref.category) });
  const conventions = (c: string | ConventionsEntryData[] | undefined) =>
    c === undefined ? undefined : typeof c === 'string' ? m.file(c) : c.map((e) => (typeof e === 'string' ? m.file(e) : { ...e, file: m.file(e.file) }));
  const out: RoleData = {
    ...role,
    tools: typeof role.tools === 'string' ? m.profile(role.tools) : role.tools,
    rules: role.rules === undefined ? undefined : Array.isArray(role.rules) ? role.rules.map(m.file) : m.file(role.rules),
    skills: role.skills && {
      include: role.skills.include?.map(include),
      inherit: role.skills.inherit?.map(m.role),
      exclude: role.skills.exclude?.map(m.skill),
    },
    variants: role.variants && Object.fromEntries(
      Object.entries(role.variants).map(([name, variant]) => [
        name,
        { ...variant, values: Object.fromEntries(Object.entries(variant.values).map(([v, value]) => [v, { ...value, skills: value.skills?.map(m.skill), conventions: conventions(value.conventions) }])) },
      ]),
    ),
    hands_off: role.hands_off?.map((h) => ({ ...h, to: m.role(h.to) })),
  };
  delete out.propose;
  return JSON.parse(JSON.stringify(out)) as RoleData;
}

/** Copies a folder, following links that stay inside the source (its real top) and dropping the others and dot files. */
function copyFolder(from: string, to: string, realTop: string, depth = 0): void {
  if (depth > 12) return;
  mkdirSync(to, { recursive: true, mode: 0o700 });
  for (const name of readdirSync(from).sort()) {
    if (name.startsWith('.')) continue;
    const src = join(from, name);
    let real: string;
    try {
      real = realpathSync(src);
    } catch {
      continue;
    }
    if (!isInside(realTop, real)) continue;
    const stat = statSync(real);
    if (stat.isDirectory()) copyFolder(real, join(to, name), realTop, depth + 1);
    else if (stat.isFile()) copyFileSync(real, join(to, name));
  }
}

export interface PreparedSource {
  /** The folder holding the prepared skills-registry.yaml. */
  dir: string;
  /** Installed (flat) skill names, by the name in the source. */
  skills: Record<string, string>;
  /** Flat role names, by the name in the source. */
  roles: Record<string, string>;
}

/** Where the prepared library of a source at a commit is, and whether it is complete. */
export function preparedDir(treeDir: string, source: string): { dir: string; ready: boolean } {
  const dir = join(dirname(treeDir), `as-${source}.v${PREPARED_VERSION}`);
  return { dir, ready: existsSync(join(dir, '.ready')) };
}

/** The prepared library of one source at one commit, written once beside the commit's files. */
export function prepareSource(treeDir: string, source: string, layout: SourceLayout): PreparedSource {
  const { dir } = preparedDir(treeDir, source);
  const setOf = (names: Iterable<string>) => new Set(names);
  const reg = layout.registry;
  const skillsOwn = setOf(layout.skills.map((s) => s.name));
  const rolesOwn = setOf(Object.keys(reg?.roles ?? {}));
  const catsOwn = setOf(Object.keys(reg?.categories ?? {}));
  const profilesOwn = setOf(Object.keys(reg?.tool_profiles ?? {}));
  const files = new Map<string, string>();
  const mapper: Mapper = {
    skill: (n) => (skillsOwn.has(n) ? flatName(source, n) : n),
    role: (n) => (rolesOwn.has(n) ? flatName(source, n) : n),
    category: (n) => (catsOwn.has(n) ? flatName(source, n) : n),
    profile: (n) => (profilesOwn.has(n) ? flatName(source, n) : n),
    file: (path) => {
      const rel = inside(treeDir, path, 'file', []);
      if (rel === undefined) return path; // the catalog reports it as outside the source
      const target = `src/${rel}`;
      files.set(target, rel);
      return target;
    },
  };
  const skills = dict<string>(layout.skills.map((s) => [s.name, flatName(source, s.name)]));
  const roles = dict<string>([...rolesOwn].map((r) => [r, flatName(source, r)]));
  const categories: Record<string, { title: string; description?: string }> = {};
  const entries: Record<string, unknown> = {};
  for (const skill of layout.skills) {
    const flat = skills[skill.name]!;
    const entry = own(reg?.skills ?? {}, skill.name);
    let category: string;
    if (entry) category = mapper.category(entry.category);
    else {
      const found = categoryOf(readFileSync(join(treeDir, skill.path, 'SKILL.md'), 'utf8')) ?? DEFAULT_CATEGORY;
      category = flatName(source, found);
      categories[category] ??= { title: `${source}: ${found}` };
    }
    entries[flat] = {
      path: `skills/${flat}`,
      category,
      ...(entry?.tags ? { tags: entry.tags } : {}),
      ...(entry?.depends_on ? { depends_on: entry.depends_on.map(mapper.skill) } : {}),
      ...(entry?.recommends ? { recommends: entry.recommends.map(mapper.skill) } : {}),
      ...(entry?.variant_only !== undefined ? { variant_only: entry.variant_only } : {}),
    };
  }
  for (const [name, cat] of Object.entries(reg?.categories ?? {})) categories[flatName(source, name)] = { ...cat, title: `${source}: ${cat.title}` };
  const prepared = {
    version: 1,
    ...(reg?.tool_profiles ? { tool_profiles: Object.fromEntries(Object.entries(reg.tool_profiles).map(([n, tools]) => [flatName(source, n), tools])) } : {}),
    categories,
    skills: entries,
    ...(reg?.roles ? { roles: Object.fromEntries(Object.entries(reg.roles).map(([n, role]) => [flatName(source, n), mapRole(role, mapper)])) } : {}),
  };
  const result = { dir, skills, roles };
  if (existsSync(join(dir, '.ready'))) return result;

  const tmp = `${dir}.${process.pid}.${Date.now().toString(36)}.tmp`;
  const realTop = realpathSync(treeDir);
  try {
    mkdirSync(tmp, { recursive: true, mode: 0o700 });
    writeFileSync(join(tmp, REGISTRY_FILE), `# Prepared by agent-team from source "${source}"; regenerated, never edited.\n${yaml.stringify(prepared, { lineWidth: 0 })}`);
    for (const skill of layout.skills) {
      const to = join(tmp, 'skills', skills[skill.name]!);
      copyFolder(join(treeDir, skill.path), to, realTop);
      const md = join(to, 'SKILL.md');
      if (existsSync(md)) writeFileSync(md, renameSkill(readFileSync(md, 'utf8'), skills[skill.name]!));
    }
    for (const [target, rel] of files) {
      const from = join(treeDir, rel);
      let real: string;
      try {
        real = realpathSync(from);
      } catch {
        continue; // missing: the catalog says which file is not found
      }
      if (!isInside(realTop, real) || !statSync(real).isFile()) continue;
      mkdirSync(dirname(join(tmp, target)), { recursive: true, mode: 0o700 });
      copyFileSync(real, join(tmp, target));
    }
    writeFileSync(join(tmp, '.ready'), `${PREPARED_VERSION}\n`);
    try {
      renameSync(tmp, dir);
    } catch (err) {
      if (!existsSync(join(dir, '.ready'))) throw err;
      rmSync(tmp, { recursive: true, force: true });
    }
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return result;
}
