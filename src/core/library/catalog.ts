import { join, resolve } from 'node:path';
import { isInside, resolveInside } from '../apply/safe-path.js';
import { failure, isAgentTeamError } from '../errors.js';
import { sha256 } from '../hash.js';
import { formatIssues } from '../issues.js';
import { asDict, dict, own } from '../own.js';
import { TEAM_FILE } from '../paths.js';
import { statSync } from 'node:fs';
import { cached, cacheGet, cachePut } from '../cache.js';
import { BUILD } from '../version.js';
import { packageRoot } from './package.js';
import { fingerprint, libraryShow, readSource, readTexts, REGISTRY_FILE, showIn, type RawSource, type SourceRef, type WalkMemo } from './load.js';
import { readLock } from '../apply/lockfile.js';
import { gitSources, type TeamData } from '../team/schema.js';
import { flatName, splitQualified } from '../sources/names.js';
import { cachedSourceDirs } from '../sources/pins.js';
import type { Catalog, CatalogConventions, CatalogRole, CatalogVariant } from './model.js';
import { registrySchemas, type ConventionsEntryData, type RoleData, type RoleOverrideData, type VariantData } from './schema.js';
import { validateCatalog, type RoleOrigins } from './validate.js';

export type { Catalog, CatalogRole, CatalogSkill, CatalogVariant, CatalogVariantValue, CatalogProposal } from './model.js';

export interface CatalogOptions {
  libraryDir: string;
  /** The project, for the team file's `roles` overrides and `sources`. */
  projectRoot?: string;
  team?: TeamData;
  /**
   * The prepared folder of each git source (sources/ensure.ts); by default those of the commits
   * the project's lockfile pins that are already on this machine.
   */
  sourceDirs?: Record<string, string>;
}

/**
 * Where a catalog comes from, found without loading it: the key it is cached under (every
 * source's fingerprint, the role overrides, the problems found so far), and how to load it.
 */
export interface CatalogSource {
  key: string;
  load(): Catalog;
  /** The files a catalog read from outside its sources (rules named by role overrides), each with its stamp: it holds while they do. */
  outside(catalog: Catalog): Array<[string, string]>;
}

/**
 * The catalog: the library, the team's extra sources and its role overrides, merged and
 * validated. Reading is load.ts; this file only assembles plain data and collects every
 * problem, so one run reports them all, each naming its file and key.
 */
export function loadCatalog(options: CatalogOptions): Catalog {
  return catalogSource(options).load();
}

export function catalogSource(options: CatalogOptions): CatalogSource {
  const problems: string[] = [];
  const project = options.projectRoot;
  const refs: SourceRef[] = [{ dir: options.libraryDir, label: 'library', show: libraryShow(options.libraryDir) }];
  const gitDirs = options.sourceDirs ?? (gitSources(options.team).length > 0 && project ? cachedSourceDirs(options.team, lockOf(project)) : {});
  for (const source of options.team?.sources ?? []) {
    if (typeof source !== 'string') {
      const dir = own(gitDirs, source.name);
      if (dir) refs.push({ dir, label: source.name, show: showIn(dir, `source ${source.name} `) });
      else problems.push(`${TEAM_FILE} sources: "${source.name}" is not on this machine yet (its pinned commit is not in the source cache); a sync fetches it`);
      continue;
    }
    try {
      const dir = resolveInside(project ?? resolve('.'), source, 'source');
      refs.push({ dir, label: source, show: showIn(project ?? '.', '') });
    } catch (err) {
      if (!isAgentTeamError(err)) throw err;
      problems.push(`${TEAM_FILE} sources: "${source}" is outside the project; copy the library into the project instead`);
    }
  }
  // Building a catalog is most of a small command's work (YAML, every skill file, validation):
  // done once per version of the files it was made from, then read back.
  const prints = refs.map((ref) => sourcePrint(ref.dir));
  // The project is part of the catalog only through role overrides (the files they name are read
  // from it): without any, a copy of the project, or another one, finds the same entry.
  const overrides = options.team?.roles && Object.keys(options.team.roles).length > 0 ? options.team.roles : null;
  const key = JSON.stringify({ refs: refs.map((r, i) => [r.dir, r.label, prints[i]]), project: overrides ? (project ?? resolve('.')) : null, roles: overrides, problems });
  const outside = (catalog: Catalog): Array<[string, string]> =>
    Object.keys(catalog.texts)
      .filter((p) => !refs.some((r) => isInside(r.dir, p)))
      .map((p) => [p, statStamp(p)]);
  const load = (): Catalog => {
    const hit = cacheGet<CachedCatalog>('catalog', key);
    if (hit && stampsHold(hit.deps)) return reviveCatalog(hit.catalog);
    const raws: RawSource[] = refs.map((ref, i) => ({ ref, ...cached('source', `${ref.dir}\0${ref.label}\0${prints[i]}`, () => readSource(ref)) }));
    // Loading again (a second caller) starts from the problems found before any reading.
    const found = [...problems];
    const catalog = assemble(raws, found);
    const origins: RoleOrigins = new Map([...Object.keys(catalog.roles)].map((name) => [name, raws.find((r) => own(r.registry?.roles, name))!.ref]));
    applyOverrides(catalog, options, found);
    catalog.texts = readTexts(referencedFiles(catalog));
    found.push(...validateCatalog(catalog, { origins, libraryDir: options.libraryDir, projectRoot: project }));

    if (found.length > 0) {
      const fromProject = found.some((p) => !p.startsWith('agent-team library'));
      throw failure(
        'invalid-catalog',
        'The skill catalog has problems:',
        fromProject
          ? 'Fix the files named above (the team file, its sources or role overrides), then run again.'
          : 'The agent-team library itself is inconsistent: please report this as a bug.',
        found,
      );
    }
    catalog.digest = catalogDigest(raws, catalog, options.team);
    // Files read from outside the sources (an override's rules): the entry is good while they are.
    cachePut('catalog', key, { catalog, deps: outside(catalog) } satisfies CachedCatalog);
    return catalog;
  };
  return { key, load, outside };
}

/** True while every file still has the stamp recorded with a cache entry. */
export function stampsHold(deps: unknown): boolean {
  return Array.isArray(deps) && deps.every((d) => Array.isArray(d) && typeof d[0] === 'string' && statStamp(d[0]) === d[1]);
}

interface CachedCatalog {
  catalog: Catalog;
  deps: Array<[string, string]>;
}

function statStamp(path: string): string {
  try {
    const s = statSync(path);
    return `${s.size}:${s.mtimeMs}:${s.ino}`;
  } catch {
    return 'missing';
  }
}

/**
 * What a source's files are, as a cache key. The package's own library cannot change without a
 * new build, so its build and registry stand for it; any other folder is walked.
 */
function sourcePrint(dir: string): string {
  if (dir === join(packageRoot(), '.claude') && !BUILD.startsWith('dev-')) return `package:${BUILD}:${statStamp(join(dir, 'skills-registry.yaml'))}`;
  // The last walk of this folder spares listing again every folder that did not change.
  // fingerprint() checks the memo's shape: a damaged entry only costs listing every folder again.
  const before = cacheGet<WalkMemo>('walk', dir);
  const walked = fingerprint(dir, { memo: before !== null && typeof before === 'object' ? before : undefined });
  if (walked.memo && walked.listed) cachePut('walk', dir, walked.memo);
  return walked.print;
}

/** A catalog read back from the cache, with its maps made prototype-free again (lookups by user-given names). */
function reviveCatalog(c: Catalog): Catalog {
  for (const role of Object.values(c.roles)) {
    for (const variant of Object.values(role.variants)) asDict(variant.values);
    asDict(role.variants);
  }
  return { ...c, categories: asDict(c.categories), toolProfiles: asDict(c.toolProfiles), skills: asDict(c.skills), roles: asDict(c.roles), presets: asDict(c.presets), texts: asDict(c.texts), hooks: asDict(c.hooks ?? {}), mcpServers: asDict(c.mcpServers ?? {}) };
}

/** The project's lockfile, for the pins of its sources; a damaged one pins nothing here (sync reports it). */
function lockOf(root: string) {
  try {
    return readLock(root);
  } catch {
    return undefined;
  }
}

/** Changes whenever anything that can change a generated file changes. */
function catalogDigest(raws: RawSource[], catalog: Catalog, team: TeamData | undefined): string {
  const parts: string[] = [];
  for (const raw of raws) {
    parts.push(raw.ref.label, raw.registryHash ?? '');
    for (const skill of raw.skills) parts.push(skill.name, ...skill.files.map((f) => `${f.path}:${f.sha256}:${f.executable ? 'x' : ''}`));
  }
  // By content only: the same library checked out elsewhere has the same digest.
  for (const text of Object.keys(catalog.texts).map((p) => sha256(catalog.texts[p]!)).sort()) parts.push(text);
  parts.push(JSON.stringify(team?.roles ?? null));
  return `sha256-${sha256(parts.join('\0'))}`;
}

function referencedFiles(catalog: Catalog): Set<string> {
  const files = new Set<string>();
  for (const role of Object.values(catalog.roles)) {
    for (const file of role.rulesFiles) files.add(file);
    for (const variant of Object.values(role.variants)) {
      for (const value of Object.values(variant.values)) for (const c of value.conventions) files.add(c.file);
    }
  }
  return files;
}

/** Several sources become one catalog; a name defined twice is a problem, not an override. */
function assemble(raws: RawSource[], problems: string[]): Catalog {
  const catalog: Catalog = { digest: '', categories: dict(), toolProfiles: dict(), skills: dict(), roles: dict(), presets: dict(), texts: dict(), hooks: dict(), mcpServers: dict() };
  for (const raw of raws) {
    problems.push(...raw.problems);
    const reg = raw.registry;
    if (!reg) continue;
    const where = raw.ref.show(join(raw.ref.dir, REGISTRY_FILE));
    const mergeUnique = <T>(into: Record<string, T>, from: Record<string, T>, key: string) => {
      for (const [name, value] of Object.entries(from)) {
        if (own(into, name) !== undefined) problems.push(`${where}: ${key}.${name} is already defined by another source`);
        else into[name] = value;
      }
    };
    mergeUnique(catalog.categories, reg.categories, 'categories');
    mergeUnique(catalog.toolProfiles, reg.tool_profiles ?? {}, 'tool_profiles');
    mergeUnique(catalog.presets, reg.presets ?? {}, 'presets');
    mergeUnique(catalog.hooks, reg.hooks ?? {}, 'hooks');
    mergeUnique(catalog.mcpServers, reg.mcp_servers ?? {}, 'mcp_servers');
    const rawSkills = new Map(raw.skills.map((s) => [s.name, s]));
    for (const [name, entry] of Object.entries(reg.skills)) {
      if (own(catalog.skills, name)) {
        problems.push(`${where}: skills.${name} is already defined by another source`);
        continue;
      }
      const found = rawSkills.get(name);
      if (!found || !found.found) continue;
      problems.push(...found.problems);
      catalog.skills[name] = {
        name,
        category: entry.category,
        tags: entry.tags ?? [],
        dependsOn: entry.depends_on ?? [],
        recommends: entry.recommends ?? [],
        variantOnly: entry.variant_only ?? false,
        withTeams: entry.with_teams ?? false,
        ...(entry.main_session ? { mainSession: true } : {}),
        dir: found.dir,
        description: found.description,
        chars: found.chars,
        files: found.files,
        origin: raw.ref.label,
      };
    }
    for (const [name, role] of Object.entries(reg.roles ?? {})) {
      if (own(catalog.roles, name)) {
        problems.push(`${where}: roles.${name} is already defined by another source; override roles in ${TEAM_FILE} instead`);
        continue;
      }
      catalog.roles[name] = toCatalogRole(name, role, locator(raw.ref.dir, `${where}: roles.${name}`, problems), 'library');
    }
  }
  for (const role of Object.values(catalog.roles)) {
    const profile = role.toolProfile === undefined ? undefined : own(catalog.toolProfiles, role.toolProfile);
    if (profile) role.tools = profile;
  }
  return catalog;
}

type Locate = (path: string, what: string) => string;

/** Resolves a file a role names, inside its base folder; a path that leaves it is a problem. */
function locator(base: string, where: string, problems: string[]): Locate {
  return (path, what) => {
    try {
      return resolveInside(base, path, what);
    } catch (err) {
      if (!isAgentTeamError(err)) throw err;
      problems.push(`${where}: ${err.message}`);
      return join(base, '\0refused');
    }
  };
}

function conventionsOf(raw: string | ConventionsEntryData[] | undefined, locate: Locate, what: string): CatalogConventions[] {
  if (raw === undefined) return [];
  const entries = typeof raw === 'string' ? [raw] : raw;
  return entries.map((e) => (typeof e === 'string' ? { file: locate(e, what) } : { file: locate(e.file, what), versions: e.versions }));
}

function toCatalogRole(name: string, role: RoleData, locate: Locate, origin: CatalogRole['origin']): CatalogRole {
  const rules = role.rules === undefined ? [] : Array.isArray(role.rules) ? role.rules : [role.rules];
  return {
    name,
    title: role.title,
    description: role.description,
    tools: Array.isArray(role.tools) ? role.tools : [],
    toolProfile: typeof role.tools === 'string' ? role.tools : undefined,
    model: role.model ?? 'inherit',
    color: role.color,
    rulesFiles: rules.map((r) => locate(r, 'rules file')),
    skills: {
      include: role.skills?.include ?? [],
      inherit: role.skills?.inherit ?? [],
      exclude: role.skills?.exclude ?? [],
    },
    variants: toCatalogVariants(role.variants ?? {}, locate),
    propose: role.propose ? { name: role.propose.name ?? name, variants: role.propose.variants ?? [], detect: role.propose.detect } : undefined,
    owns: role.owns ?? [],
    handsOff: role.hands_off ?? [],
    hooks: role.hooks ?? [],
    mcpServers: role.mcp_servers ?? [],
    origin,
  };
}

function toCatalogVariants(variants: Record<string, VariantData>, locate: Locate): Record<string, CatalogVariant> {
  const out = dict<CatalogVariant>();
  for (const [name, variant] of Object.entries(variants)) {
    out[name] = {
      name,
      title: variant.title ?? name,
      multiple: variant.multiple ?? false,
      values: dict(
        Object.entries(variant.values).map(([value, v]) => [
          value,
          {
            name: value,
            title: v.title ?? value,
            description: v.description,
            skills: v.skills ?? [],
            conventions: conventionsOf(v.conventions, locate, `conventions of ${name}: ${value}`),
            version: v.version,
            detect: v.detect,
            hooks: v.hooks ?? [],
            mcpServers: v.mcp_servers ?? [],
          },
        ]),
      ),
    };
  }
  return out;
}

/**
 * The team file's `roles:` entries are merged onto library roles: scalar keys replace, lists
 * (rules, skill include/inherit/exclude, owns) are appended, variants merge by name and value.
 * A role the library does not have is added, and then needs a title and a description. Files
 * they name must be inside the project.
 */
function applyOverrides(catalog: Catalog, options: CatalogOptions, problems: string[]): void {
  const base = options.projectRoot ?? resolve('.');
  const sources = new Set(gitSources(options.team).map((s) => s.name));
  for (const [name, raw] of Object.entries(options.team?.roles ?? {})) {
    const where = `${TEAM_FILE} roles.${name}`;
    const parsed = registrySchemas().RoleOverride.safeParse(unqualify(raw ?? {}, sources, where, problems));
    if (!parsed.success) {
      for (const line of formatIssues(parsed.error.issues)) problems.push(`${where}: ${line}`);
      continue;
    }
    const over = parsed.data;
    const locate = locator(base, where, problems);
    const existing = own(catalog.roles, name);
    if (!existing) {
      if (!over.title || !over.description) {
        problems.push(`${where}: is not a library role, so it needs a title and a description`);
        continue;
      }
      const role = toCatalogRole(name, over as RoleData, locate, 'project');
      const profile = role.toolProfile === undefined ? undefined : own(catalog.toolProfiles, role.toolProfile);
      if (profile) role.tools = profile;
      catalog.roles[name] = role;
      continue;
    }
    catalog.roles[name] = mergeRole(catalog, existing, over, locate);
  }
}

/**
 * A role override names a git source's skills, categories and roles as `<source>:<name>`; the
 * catalog knows them by their installed names, `<source>-<name>` (sources/names.ts).
 */
function unqualify(raw: unknown, sources: ReadonlySet<string>, where: string, problems: string[]): unknown {
  const names = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') {
      const q = splitQualified(value);
      if (!q) return value;
      if (!sources.has(q.source)) {
        problems.push(`${where}: ${key} "${value}" names source "${q.source}", which is not a git source in ${TEAM_FILE} sources`);
        return value;
      }
      return flatName(q.source, q.name);
    }
    if (Array.isArray(value)) return value.map((v) => names(v, key));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, names(v, key)]));
    return value;
  };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const role = { ...(raw as Record<string, unknown>) };
  if (role.skills && typeof role.skills === 'object') role.skills = names(role.skills, 'skill');
  if (role.variants && typeof role.variants === 'object') {
    role.variants = Object.fromEntries(
      Object.entries(role.variants as Record<string, unknown>).map(([v, variant]) => {
        if (!variant || typeof variant !== 'object' || !('values' in variant)) return [v, variant];
        const values = (variant as { values: unknown }).values;
        if (!values || typeof values !== 'object') return [v, variant];
        return [v, { ...variant, values: Object.fromEntries(Object.entries(values).map(([n, value]) => [n, value && typeof value === 'object' && 'skills' in value ? { ...value, skills: names((value as { skills: unknown }).skills, 'skill') } : value])) }];
      }),
    );
  }
  if (Array.isArray(role.hands_off)) role.hands_off = role.hands_off.map((h) => (h && typeof h === 'object' && 'to' in h ? { ...h, to: names((h as { to: unknown }).to, 'role') } : h));
  return role;
}

function mergeRole(catalog: Catalog, role: CatalogRole, over: RoleOverrideData, locate: Locate): CatalogRole {
  const patch = toCatalogRole(role.name, { title: role.title, description: role.description, ...over } as RoleData, locate, 'project');
  const variants = dict<CatalogVariant>(Object.entries(role.variants));
  for (const [name, variant] of Object.entries(patch.variants)) {
    const current = own(variants, name);
    const overVariant = own(over.variants ?? {}, name);
    variants[name] = current
      ? {
          ...current,
          title: overVariant?.title ?? current.title,
          multiple: overVariant?.multiple ?? current.multiple,
          values: dict([...Object.entries(current.values), ...Object.entries(variant.values)]),
        }
      : variant;
  }
  const toolProfile = over.tools === undefined ? role.toolProfile : patch.toolProfile;
  const tools = over.tools === undefined ? role.tools : toolProfile !== undefined ? (own(catalog.toolProfiles, toolProfile) ?? []) : patch.tools;
  return {
    ...role,
    title: patch.title,
    description: patch.description,
    tools,
    toolProfile,
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
    owns: [...role.owns, ...patch.owns],
    handsOff: [...role.handsOff, ...patch.handsOff],
    hooks: [...new Set([...(role.hooks ?? []), ...(patch.hooks ?? [])])],
    mcpServers: [...new Set([...(role.mcpServers ?? []), ...(patch.mcpServers ?? [])])],
    origin: 'library+project',
  };
}
