import { posix } from 'node:path';
import { ECOSYSTEMS, type DependencyVersion, type DependencyVersions, type Ecosystem } from './evidence.js';
import { matchesGlob } from './glob.js';
import { gradleVersion, resolveAccessors, type GradleInfo, type PomInfo, type VersionCatalog } from './jvm.js';
import {
  readBunLock,
  readNpmLock,
  readPackageTablesLock,
  readPipfileLock,
  readPnpmLock,
  readPubspecLock,
  readYarnLock,
  type Lockfile,
} from './lockfiles.js';
import {
  parseGoMod,
  parseGradle,
  parsePackageJson,
  parsePipfile,
  parsePnpmWorkspace,
  parsePom,
  parsePubspec,
  parsePyproject,
  parseRequirements,
  parseVersionCatalog,
  type ManifestInfo,
} from './manifests.js';
import { lowestMajor, majorOfVersion, type RangeDialect } from './semver.js';

/**
 * A package's dependencies and the version in use of each: the lockfile's when a lockfile
 * (in the package or the workspace root above it) knows the package, else the lowest major the
 * manifest's range allows. Works on whatever files a `ProjectFiles` can read, so full detection
 * (which listed the tree) and drift checks (which read a few named files) share every rule.
 */

/** Reads project-relative files; `has` must not need the file's text. */
export interface FileSource {
  text(path: string): string | undefined;
  has(path: string): boolean;
}

/** Text, parsed manifests and lockfiles, each read once per run. */
export class ProjectFiles {
  private readonly texts = new Map<string, string | undefined>();
  private readonly infos = new Map<string, ManifestInfo>();
  private readonly locks = new Map<string, Lockfile>();

  constructor(private readonly source: FileSource) {}

  has(path: string): boolean {
    return this.source.has(path);
  }

  text(path: string): string | undefined {
    if (!this.texts.has(path)) this.texts.set(path, this.source.text(path));
    return this.texts.get(path);
  }

  info(path: string, parse: (text: string) => ManifestInfo): ManifestInfo {
    let info = this.infos.get(path);
    if (!info) {
      const text = this.text(path);
      info = text === undefined ? {} : safely(() => parse(text), {});
      this.infos.set(path, info);
    }
    return info;
  }

  lock(path: string, read: (text: string) => Lockfile): Lockfile | undefined {
    if (!this.has(path)) return undefined;
    let lock = this.locks.get(path);
    if (!lock) {
      const text = this.text(path);
      lock = text === undefined ? undefined : safely(() => read(text), undefined);
      this.locks.set(path, lock ?? { version: () => undefined, hasImporter: () => false });
    }
    return lock;
  }
}

/** Detection only suggests: a parser bug on a strange file must not stop a command. */
function safely<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch {
    return fallback;
  }
}

export interface ManifestKind {
  pattern: string;
  parse?: (text: string) => ManifestInfo;
  /** Whether the file makes its folder a package of its own. */
  marksPackage: boolean;
  ecosystem?: Ecosystem;
}

/** Files read as manifests, by path relative to the package folder. */
export const MANIFESTS: ManifestKind[] = [
  { pattern: 'package.json', parse: parsePackageJson, marksPackage: true, ecosystem: 'npm' },
  { pattern: 'pyproject.toml', parse: parsePyproject, marksPackage: true, ecosystem: 'pypi' },
  { pattern: 'Pipfile', parse: parsePipfile, marksPackage: true, ecosystem: 'pypi' },
  { pattern: 'requirements*.{txt,in}', parse: parseRequirements, marksPackage: true, ecosystem: 'pypi' },
  { pattern: 'requirements/*.{txt,in}', parse: parseRequirements, marksPackage: false, ecosystem: 'pypi' },
  { pattern: 'setup.py', marksPackage: true, ecosystem: 'pypi' },
  { pattern: 'go.mod', parse: parseGoMod, marksPackage: true, ecosystem: 'go' },
  { pattern: 'pom.xml', parse: parsePom, marksPackage: true, ecosystem: 'maven' },
  { pattern: 'build.gradle{,.kts}', parse: parseGradle, marksPackage: true, ecosystem: 'maven' },
  { pattern: 'settings.gradle{,.kts}', parse: parseGradle, marksPackage: false, ecosystem: 'maven' },
  { pattern: 'gradle/libs.versions.toml', parse: parseVersionCatalog, marksPackage: false, ecosystem: 'maven' },
  { pattern: 'pubspec.yaml', parse: parsePubspec, marksPackage: true, ecosystem: 'pub' },
  { pattern: 'Cargo.toml', marksPackage: true },
  { pattern: 'Gemfile', marksPackage: true },
  { pattern: 'composer.json', marksPackage: true },
];

export function manifestKind(file: string): ManifestKind | undefined {
  return MANIFESTS.find((m) => matchesGlob(file, m.pattern));
}

/** Lockfiles by ecosystem, in the order they are preferred when a folder has several. */
const LOCKFILES: Record<Ecosystem, Array<[string, (text: string) => Lockfile]>> = {
  npm: [['package-lock.json', readNpmLock], ['npm-shrinkwrap.json', readNpmLock], ['pnpm-lock.yaml', readPnpmLock], ['yarn.lock', readYarnLock], ['bun.lock', readBunLock]],
  pypi: [['poetry.lock', readPackageTablesLock], ['uv.lock', readPackageTablesLock], ['pdm.lock', readPackageTablesLock], ['Pipfile.lock', readPipfileLock]],
  go: [],
  maven: [],
  pub: [['pubspec.lock', readPubspecLock]],
};

const DIALECT: Record<Ecosystem, RangeDialect> = { npm: 'npm', pypi: 'pep440', go: 'npm', maven: 'maven', pub: 'pub' };

export function at(dir: string, file: string): string {
  return dir === '.' || dir === '' ? file : `${dir}/${file}`;
}

/** `apps/web` → `apps/web`, `apps`, `.`: the folder and every folder above it. */
function upwards(dir: string): string[] {
  const out: string[] = [];
  for (let d = dir; ; d = posix.dirname(d)) {
    out.push(d);
    if (d === '.' || d === '' || d === '/') break;
  }
  return out;
}

function relativeTo(ancestor: string, dir: string): string {
  if (ancestor === '.' || ancestor === '') return dir;
  return dir === ancestor ? '.' : dir.slice(ancestor.length + 1);
}

/** The nearest lockfile of the ecosystem that knows this package. */
function findLock(files: ProjectFiles, dir: string, ecosystem: Ecosystem): { lock: Lockfile; file: string; importer: string } | undefined {
  for (const folder of upwards(dir)) {
    for (const [name, read] of LOCKFILES[ecosystem]) {
      const file = at(folder, name);
      const lock = files.lock(file, read);
      if (!lock) continue;
      const importer = relativeTo(folder, dir);
      // A workspace lockfile that does not list this package says nothing about it.
      return lock.hasImporter(importer) ? { lock, file, importer } : undefined;
    }
  }
  return undefined;
}

/** The major of a version or of a range, whichever the text is. */
export function majorOfSpec(text: string | undefined, dialect: RangeDialect): number | undefined {
  return majorOfVersion(text) ?? lowestMajor(text, dialect);
}

/** Go puts majors from 2 on in the module path (`/v4`); v0 and v1 are in the version only. */
export function goMajor(module: string, version: string | undefined): number | undefined {
  const suffix = /\/v(\d{1,6})$/.exec(module);
  return suffix ? Number(suffix[1]) : majorOfVersion(version);
}

export interface PackageDependencies {
  name?: string;
  manifests: string[];
  deps: Record<Ecosystem, string[]>;
  versions: DependencyVersions;
  devOnly: string[];
}

interface Collected {
  name?: string;
  deps: Record<Ecosystem, Set<string>>;
  /** name → [spec, file] as the manifest states it. */
  specs: Record<Ecosystem, Map<string, [string, string]>>;
  devOnly: Set<string>;
  runtime: Set<string>;
  poms: Array<{ file: string; pom: PomInfo }>;
  gradle: Array<{ file: string; gradle: GradleInfo }>;
}

function collect(files: ProjectFiles, dir: string, manifests: string[]): Collected {
  const c: Collected = {
    deps: { npm: new Set(), pypi: new Set(), go: new Set(), maven: new Set(), pub: new Set() },
    specs: { npm: new Map(), pypi: new Map(), go: new Map(), maven: new Map(), pub: new Map() },
    devOnly: new Set(),
    runtime: new Set(),
    poms: [],
    gradle: [],
  };
  const add = (file: string, info: ManifestInfo, withDeps: boolean) => {
    c.name ??= info.name;
    for (const eco of ECOSYSTEMS) {
      if (withDeps) for (const name of info[eco] ?? []) c.deps[eco].add(name);
      for (const [name, spec] of Object.entries(info.specs?.[eco] ?? {})) if (!c.specs[eco].has(name)) c.specs[eco].set(name, [spec, file]);
    }
    for (const name of info.npm ?? []) if (!(info.devOnly ?? []).includes(name)) c.runtime.add(name);
    for (const name of info.devOnly ?? []) c.devOnly.add(name);
    if (info.pom) c.poms.push({ file, pom: info.pom });
    if (info.gradle && /(^|\/)build\.gradle(\.kts)?$/.test(file)) c.gradle.push({ file, gradle: info.gradle });
  };
  const read = new Set<string>();
  // pip-compile keeps the direct requirements in `x.in` and pins everything in `x.txt`.
  const compiled = new Set(manifests.filter((m) => m.endsWith('.in')).map((m) => m.replace(/\.in$/, '.txt')));
  const readRequirements = (path: string, depth: number, withDeps: boolean) => {
    if (read.has(path) || depth > 5 || read.size > 50) return;
    read.add(path);
    const info = files.info(path, parseRequirements);
    add(path, info, withDeps);
    for (const include of info.includes ?? []) {
      const next = posix.normalize(posix.join(posix.dirname(path), include));
      if (!next.startsWith('..') && !posix.isAbsolute(next) && files.has(next)) readRequirements(next, depth + 1, withDeps);
    }
  };
  for (const file of manifests) {
    const kind = manifestKind(file);
    if (!kind?.parse) continue;
    const path = at(dir, file);
    if (kind.parse === parseRequirements) readRequirements(path, 0, !compiled.has(file));
    else if (kind.parse !== parseVersionCatalog) add(path, files.info(path, kind.parse), kind.pattern !== 'settings.gradle{,.kts}');
  }
  return c;
}

// ---------------------------------------------------------------- Maven

interface PomChain {
  properties: Record<string, string>;
  /** coordinate → version as managed (dependencyManagement), resolved. */
  managed: Map<string, string>;
  /** Versioned coordinates the module inherits: its ancestors' parents and imported BOMs. */
  inherited: Map<string, string>;
}

function pomParent(files: ProjectFiles, pomFile: string, pom: PomInfo): { file: string; pom: PomInfo } | undefined {
  const parent = pom.parent;
  if (!parent || parent.relativePath === '') return undefined;
  let target = posix.normalize(posix.join(posix.dirname(pomFile), parent.relativePath ?? '../pom.xml'));
  if (!target.endsWith('.xml')) target = posix.join(target, 'pom.xml');
  if (target.startsWith('..') || posix.isAbsolute(target) || !files.has(target)) return undefined;
  const found = files.info(target, parsePom).pom;
  return found && found.artifact === parent.artifact ? { file: target, pom: found } : undefined;
}

function resolveProperties(text: string | undefined, properties: Record<string, string>): string | undefined {
  if (text === undefined) return undefined;
  let out = text;
  // Properties may refer to properties; a few rounds settle any real file.
  for (let round = 0; round < 5 && out.includes('${'); round += 1) {
    out = out.replace(/\$\{([^}\s]{1,200})\}/g, (whole, name: string) => (Object.hasOwn(properties, name) ? properties[name]! : whole));
  }
  return out.includes('${') ? undefined : out;
}

function pomChain(files: ProjectFiles, pomFile: string, pom: PomInfo): PomChain {
  const chain: Array<{ file: string; pom: PomInfo }> = [{ file: pomFile, pom }];
  for (let i = 0; i < 10; i += 1) {
    const next = pomParent(files, chain[chain.length - 1]!.file, chain[chain.length - 1]!.pom);
    if (!next || chain.some((c) => c.file === next.file)) break;
    chain.push(next);
  }
  const properties: Record<string, string> = {};
  for (const { pom: p } of chain) {
    for (const [k, v] of Object.entries(p.properties)) if (!Object.hasOwn(properties, k)) properties[k] = v;
  }
  const self = chain[0]!.pom;
  const projectVersion = self.version ?? self.parent?.version;
  if (projectVersion) properties['project.version'] ??= projectVersion;
  if (self.parent?.version) properties['project.parent.version'] ??= self.parent.version;
  const managed = new Map<string, string>();
  const inherited = new Map<string, string>();
  for (const [index, { pom: p }] of chain.entries()) {
    for (const m of p.managed) {
      const version = resolveProperties(m.version, properties);
      const key = m.group ? `${m.group}:${m.artifact}` : undefined;
      if (!key || !version) continue;
      if (!managed.has(key)) managed.set(key, version);
      if (m.scope === 'import' && !inherited.has(key)) inherited.set(key, version);
    }
    const parent = p.parent;
    if (index > 0 && parent?.group && parent.version && !inherited.has(`${parent.group}:${parent.artifact}`)) {
      inherited.set(`${parent.group}:${parent.artifact}`, resolveProperties(parent.version, properties) ?? parent.version);
    }
  }
  return { properties, managed, inherited };
}

// ---------------------------------------------------------------- Gradle

/** The Gradle build root above (or at) a folder: where settings.gradle or the version catalog is. */
function gradleRoot(files: ProjectFiles, dir: string): string {
  for (const folder of upwards(dir)) {
    if (['settings.gradle', 'settings.gradle.kts', 'gradle/libs.versions.toml'].some((f) => files.has(at(folder, f)))) return folder;
  }
  return dir;
}

function gradleProperties(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of (text ?? '').split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*[=:]\s*([^\s#]+)\s*$/.exec(line);
    if (m && !Object.hasOwn(out, m[1]!)) out[m[1]!] = m[2]!;
  }
  return out;
}

/** Coordinates and plugin ids a Gradle package uses, with versions: its script, the catalog it reads, the build root's plugin versions. */
function gradleUses(files: ProjectFiles, dir: string, script: GradleInfo): { deps: string[]; versions: Map<string, string | undefined> } {
  const root = gradleRoot(files, dir);
  const catalogFile = at(root, 'gradle/libs.versions.toml');
  const catalog: VersionCatalog | undefined = files.has(catalogFile) ? files.info(catalogFile, parseVersionCatalog).catalog : undefined;
  const settings = ['settings.gradle.kts', 'settings.gradle'].map((f) => at(root, f)).find((f) => files.has(f));
  const rootScript = root === dir ? undefined : ['build.gradle.kts', 'build.gradle'].map((f) => at(root, f)).find((f) => files.has(f));
  const variables = {
    ...gradleProperties(files.text(at(root, 'gradle.properties'))),
    ...gradleProperties(files.text(at(dir, 'gradle.properties'))),
    ...script.variables,
  };
  const versions = new Map<string, string | undefined>();
  const note = (key: string, written: string | undefined, vars: Record<string, string>) => {
    const v = gradleVersion(written, vars);
    if (!versions.has(key) || (versions.get(key) === undefined && v !== undefined)) versions.set(key, v);
  };
  for (const [k, v] of Object.entries(script.coordinates)) note(k, v, variables);
  for (const [k, v] of Object.entries(script.plugins)) note(k, v, variables);
  const fromCatalog = catalog ? resolveAccessors(script.accessors, catalog) : { coordinates: {}, plugins: {} };
  for (const [k, v] of [...Object.entries(fromCatalog.coordinates), ...Object.entries(fromCatalog.plugins)]) note(k, v, {});
  const deps = [...versions.keys()];
  // A plugin applied without a version gets it from the build root (`apply false`) or pluginManagement.
  for (const file of [rootScript, settings]) {
    if (!file) continue;
    const other = files.info(file, parseGradle).gradle;
    if (!other) continue;
    const otherVars = { ...variables, ...other.variables };
    for (const [k, v] of Object.entries(other.plugins)) if (versions.has(k)) note(k, v, otherVars);
    const viaCatalog = catalog ? resolveAccessors(other.accessors, catalog).plugins : {};
    for (const [k, v] of Object.entries(viaCatalog)) if (versions.has(k)) note(k, v, {});
  }
  return { deps, versions };
}

// ---------------------------------------------------------------- all together

/** Dependencies and versions of the package in `dir`, from its manifest files (paths relative to `dir`). */
export function packageDependencies(files: ProjectFiles, dir: string, manifests: string[], extra: Partial<Record<Ecosystem, string[]>> = {}): PackageDependencies {
  const c = collect(files, dir, manifests);
  const versions: DependencyVersions = {};
  const set = (eco: Ecosystem, name: string, version: DependencyVersion) => {
    const map = (versions[eco] ??= {});
    if (!Object.hasOwn(map, name)) map[name] = version;
  };

  // npm, pypi, pub: the lockfile's version, else the range (through pnpm catalogs when it says `catalog:`).
  for (const eco of ['npm', 'pypi', 'pub'] as const) {
    if (c.specs[eco].size === 0 && c.deps[eco].size === 0) continue;
    const found = findLock(files, dir, eco);
    // Extra names (a value versioned by a package it pulls in, FastAPI by pydantic) come from the lockfile only.
    for (const name of new Set([...c.deps[eco], ...c.specs[eco].keys(), ...(found ? extra[eco] ?? [] : [])])) {
      const [spec, specFile] = c.specs[eco].get(name) ?? [undefined, undefined];
      const locked = found?.lock.version(found.importer, name, spec);
      if (locked !== undefined) {
        set(eco, name, { major: majorOfSpec(locked, DIALECT[eco]), text: locked, file: found!.file });
        continue;
      }
      const range = eco === 'npm' && spec?.startsWith('catalog:') ? pnpmCatalogRange(files, dir, name, spec) : { spec, file: specFile };
      if (range.file) set(eco, name, { major: majorOfSpec(range.spec, DIALECT[eco]), text: range.spec, file: range.file });
    }
  }

  for (const [module, [version, file]] of c.specs.go) set('go', module, { major: goMajor(module, version), text: version, file });

  const maven = new Set<string>(c.deps.maven);
  for (const { file, pom } of c.poms) {
    const chain = pomChain(files, file, pom);
    const coordinates = [...(pom.parent ? [pom.parent] : []), ...pom.dependencies, ...pom.plugins];
    for (const d of coordinates) {
      if (!d.group) continue;
      const key = `${d.group}:${d.artifact}`;
      const text = resolveProperties(d.version, chain.properties) ?? chain.managed.get(key);
      set('maven', key, { major: majorOfSpec(text, 'maven'), text, file });
    }
    for (const [key, text] of chain.inherited) set('maven', key, { major: majorOfSpec(text, 'maven'), text, file });
  }
  for (const { file, gradle } of c.gradle) {
    const uses = gradleUses(files, dir, gradle);
    for (const dep of uses.deps) maven.add(dep);
    for (const [key, text] of uses.versions) set('maven', key, { major: majorOfSpec(text, 'maven'), text, file });
  }

  return {
    name: c.name,
    manifests,
    deps: { npm: [...c.deps.npm], pypi: [...c.deps.pypi], go: [...c.deps.go], maven: [...maven], pub: [...c.deps.pub] },
    versions,
    devOnly: [...c.devOnly].filter((n) => !c.runtime.has(n)),
  };
}

/** `catalog:` and `catalog:<name>` ranges live in the workspace root's pnpm-workspace.yaml. */
function pnpmCatalogRange(files: ProjectFiles, dir: string, name: string, spec: string): { spec?: string; file?: string } {
  const catalog = spec.slice('catalog:'.length) || 'default';
  for (const folder of upwards(dir)) {
    const file = at(folder, 'pnpm-workspace.yaml');
    if (!files.has(file)) continue;
    const catalogs = files.info(file, parsePnpmWorkspace).catalogs ?? {};
    const range = Object.hasOwn(catalogs, catalog) && Object.hasOwn(catalogs[catalog]!, name) ? catalogs[catalog]![name] : undefined;
    return { spec: range, file };
  }
  return {};
}
