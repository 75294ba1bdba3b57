import type { Catalog, CatalogRole, CatalogVariantValue } from '../library/model.js';
import type { DetectData } from '../library/schema.js';
import { ECOSYSTEMS, type Ecosystem, type PackageEvidence, type ProjectEvidence } from './evidence.js';
import { isGlob, matchesGlob } from './glob.js';
import { normalisePypi } from './manifests.js';

/**
 * Matching the registry's `detect` hints against evidence: no disk access, so every rule here
 * is tested on plain objects.
 */

/** A variant value of a role found in a package, with the evidence that selected it. */
export interface Finding {
  role: string;
  variant: string;
  value: string;
  /** The package folder (`.` for the root). */
  package: string;
  because: string[];
  /** The major in use, when the package's lockfile or manifest says. */
  version?: number;
  /** The lockfile or manifest the version was read from (project-relative). */
  versionFile?: string;
  /**
   * The value brings skills of another kind of work than the role's own (Playwright's
   * end-to-end testing for a frontend developer): detection does not select it for this role.
   */
  handedOff?: boolean;
}

function npmMatches(hint: string, name: string): boolean {
  return isGlob(hint) ? matchesGlob(name, hint) : hint === name;
}

/** Sub-packages of a Go module count: `github.com/aws/aws-sdk-go-v2/service/s3` uses `.../aws-sdk-go-v2`. */
function goMatches(hint: string, module: string): boolean {
  return module === hint || module.startsWith(`${hint}/`);
}

/** A hint is `group:artifact`, or a group (prefix) that covers its sub-groups, or a plugin id. */
function mavenMatches(hint: string, coordinate: string): boolean {
  if (hint.includes(':')) return coordinate === hint;
  const group = coordinate.split(':')[0]!;
  return group === hint || group.startsWith(`${hint}.`);
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

/** Why `hints` apply to this package, one line per piece of evidence; empty when they do not or `unless` vetoes them. */
export function matchHints(hints: DetectData, pkg: PackageEvidence): string[] {
  if (hints.unless && evidenceFor(hints.unless, pkg).length > 0) return [];
  return evidenceFor(hints, pkg);
}

/** The evidence `unless` threw out: what matched, then why it does not count here. */
export function vetoedHints(hints: DetectData, pkg: PackageEvidence): string[] {
  if (!hints.unless) return [];
  const veto = evidenceFor(hints.unless, pkg);
  if (veto.length === 0) return [];
  const because = evidenceFor(hints, pkg);
  return because.length > 0 ? [...because, `ruled out here by ${veto.join(', ')}`] : [];
}

/**
 * Whether the value's own package is a dependency here: its `version` source when it names one,
 * else any package its `detect` hints name. A veto keeps a value in the stack only then: React
 * inside an Expo app is still React, while go.mod beside a Go router, alembic beside SQLModel or
 * Nuxt's app.config.ts were clues that the veto shows were misread.
 */
export function ownPackageDeclared(value: CatalogVariantValue, pkg: PackageEvidence): boolean {
  const named = ECOSYSTEMS.flatMap((eco) => (value.version?.[eco] ? [[eco, value.version[eco]!] as [Ecosystem, string]] : []));
  const detect = value.detect ?? {};
  const own = named.length > 0 ? named : ECOSYSTEMS.flatMap((eco) => (detect[eco] ?? []).map((hint) => [eco, hint] as [Ecosystem, string]));
  return own.some(([eco, hint]) => presentDependency(eco, hint, pkg) !== undefined);
}

/** The dependency in `pkg` that a hint of one ecosystem names, if any. */
function presentDependency(ecosystem: Ecosystem, hint: string, pkg: PackageEvidence): string | undefined {
  const deps = pkg.deps[ecosystem] ?? [];
  switch (ecosystem) {
    case 'npm':
      return deps.find((d) => npmMatches(hint, d));
    case 'pypi':
      return deps.find((d) => d === normalisePypi(hint));
    case 'go':
      return deps.find((d) => goMatches(hint, d));
    case 'maven':
      return deps.find((c) => mavenMatches(hint, c));
    case 'pub':
      return deps.find((d) => d === hint);
  }
}

/**
 * Whose version is the value's: its `version` source when the registry names one (`version: {}`
 * says the value has none of its own), else the packages its `detect` hints name. A value whose
 * hints name packages of several ecosystems is a technology beyond any one package (PostgreSQL
 * reached through pg, psycopg or pgx; gRPC; REST): a client library's major is not its version.
 */
export function versionSources(value: CatalogVariantValue): Array<[Ecosystem, string]> {
  if (value.version) return ECOSYSTEMS.flatMap((eco) => (value.version![eco] ? [[eco, value.version![eco]!] as [Ecosystem, string]] : []));
  const detect = value.detect ?? {};
  const named = ECOSYSTEMS.filter((eco) => (detect[eco]?.length ?? 0) > 0);
  if (named.length > 1) return [];
  return named.flatMap((eco) => detect[eco]!.map((hint) => [eco, hint] as [Ecosystem, string]));
}

/** The major of a value in a package: the version of the first source package present there. */
export function valueVersion(value: CatalogVariantValue, pkg: PackageEvidence): { major?: number; file?: string } {
  const explicit = value.version !== undefined;
  for (const [eco, hint] of versionSources(value)) {
    const known = pkg.versions?.[eco] ?? {};
    // An explicit source (FastAPI by pydantic) may be installed without being declared.
    const dep = presentDependency(eco, hint, pkg) ?? (explicit && Object.hasOwn(known, hint) ? hint : undefined);
    if (dep === undefined) continue;
    const version = Object.hasOwn(known, dep) ? known[dep] : undefined;
    if (version?.major !== undefined) return { major: version.major, file: version.file };
    // A Maven group (`org.springframework.boot`) is versioned by any of its artifacts the build pins,
    // e.g. the spring-boot-starter-parent a module inherits while its starters carry no version.
    if (eco === 'maven' && !hint.includes(':')) {
      const pinned = Object.entries(known).find(([c, v]) => v.major !== undefined && mavenMatches(hint, c));
      if (pinned) return { major: pinned[1].major, file: pinned[1].file };
    }
    return {};
  }
  return {};
}

/** Names whose versions only an explicit `version` source asks for: the reader looks them up too. */
export function versionNames(catalog: Catalog): Partial<Record<Ecosystem, string[]>> {
  const names: Partial<Record<Ecosystem, string[]>> = {};
  for (const role of Object.values(catalog.roles)) {
    for (const variant of Object.values(role.variants)) {
      for (const value of Object.values(variant.values)) {
        for (const eco of ECOSYSTEMS) {
          const name = value.version?.[eco];
          if (name && !(names[eco] ??= []).includes(name)) names[eco]!.push(name);
        }
      }
    }
  }
  return names;
}

/**
 * Whether a role does the kind of work the value's skills are for: each skill is among the
 * skills or categories the role includes, itself or through the roles it inherits from.
 */
export function roleTakes(catalog: Catalog, role: CatalogRole, value: CatalogVariantValue): boolean {
  const names = new Set<string>();
  const categories = new Set<string>();
  const seen = new Set<string>();
  const visit = (r: CatalogRole | undefined) => {
    if (!r || seen.has(r.name) || seen.size > 50) return;
    seen.add(r.name);
    for (const ref of r.skills.include) {
      if (typeof ref === 'string') names.add(ref);
      else categories.add(ref.category);
    }
    for (const parent of r.skills.inherit) visit(Object.hasOwn(catalog.roles, parent) ? catalog.roles[parent] : undefined);
  };
  visit(role);
  return value.skills.every((skill) => names.has(skill) || categories.has(Object.hasOwn(catalog.skills, skill) ? catalog.skills[skill]!.category : ''));
}

function evidenceFor(hints: Omit<DetectData, 'unless'>, pkg: PackageEvidence): string[] {
  const because: string[] = [];
  for (const hint of hints.npm ?? []) {
    for (const dep of pkg.deps.npm) if (npmMatches(hint, dep)) because.push(`npm ${dep}`);
  }
  for (const hint of hints.pypi ?? []) {
    if (pkg.deps.pypi.includes(normalisePypi(hint))) because.push(`pypi ${normalisePypi(hint)}`);
  }
  for (const hint of hints.go ?? []) {
    const dep = pkg.deps.go.find((m) => goMatches(hint, m));
    if (dep) because.push(`go ${dep}`);
  }
  for (const hint of hints.maven ?? []) {
    const dep = pkg.deps.maven.find((c) => mavenMatches(hint, c));
    if (dep) because.push(`maven ${dep}`);
  }
  for (const glob of hints.files ?? []) {
    const found = pkg.files.filter((f) => matchesGlob(f, glob));
    if (found.length > 0) because.push(`file ${found[0]}${found.length > 1 ? ` (+${found.length - 1} more)` : ''}`);
  }
  for (const hint of hints.pub ?? []) {
    if (pkg.deps.pub?.includes(hint)) because.push(`pub ${hint}`);
  }
  for (const { file, pattern } of hints.contents ?? []) {
    const re = new RegExp(pattern, 'm');
    for (const [path, text] of Object.entries(pkg.texts)) {
      if (!matchesGlob(path, file)) continue;
      const match = re.exec(text);
      if (match) because.push(`${path}: ${shorten(match[0])}`);
    }
  }
  return [...new Set(because)];
}

/**
 * Every variant value of every role whose hints match a package, in registry order, with the
 * major in use. With `vetoed`, the matches an `unless` threw out instead where the value's own
 * package is declared (React in an Expo app): they are part of the stack a person reads, never of a selection.
 */
export function findStack(catalog: Catalog, evidence: ProjectEvidence, options: { vetoed?: boolean } = {}): Finding[] {
  const findings: Finding[] = [];
  for (const role of Object.values(catalog.roles)) {
    for (const variant of Object.values(role.variants)) {
      for (const value of Object.values(variant.values)) {
        if (!value.detect) continue;
        const handedOff = !roleTakes(catalog, role, value);
        for (const pkg of evidence.packages) {
          const because = options.vetoed ? (ownPackageDeclared(value, pkg) ? vetoedHints(value.detect, pkg) : []) : matchHints(value.detect, pkg);
          if (because.length === 0) continue;
          const { major, file } = valueVersion(value, pkg);
          findings.push({
            role: role.name,
            variant: variant.name,
            value: value.name,
            package: pkg.dir,
            because,
            ...(major !== undefined ? { version: major, versionFile: file } : {}),
            ...(handedOff ? { handedOff } : {}),
          });
        }
      }
    }
  }
  return findings;
}

/** The globs of files whose text some hint looks into: the reader reads only those. */
export function contentGlobs(catalog: Catalog): string[] {
  const globs = new Set<string>();
  const add = (hints?: DetectData) => {
    for (const c of [...(hints?.contents ?? []), ...(hints?.unless?.contents ?? [])]) globs.add(c.file);
  };
  for (const role of Object.values(catalog.roles)) {
    add(role.propose?.detect);
    for (const variant of Object.values(role.variants)) for (const value of Object.values(variant.values)) add(value.detect);
  }
  return [...globs];
}
