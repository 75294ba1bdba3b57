import { yamlProblem } from '../yaml.js';
import { parse as parseToml } from 'smol-toml';
import type { Ecosystem } from './evidence.js';
import { readGradle, readPom, readVersionCatalog, type GradleInfo, type PomInfo, type VersionCatalog } from './jvm.js';
/**
 * Dependency names from package manifests, as plain functions over file text: JSON, YAML and TOML
 * through their parsers, the rest read just far enough to list what a project depends on. None
 * of them evaluates anything,
 * and a file it cannot make sense of yields no names rather than an error, because detection
 * only suggests and must never stop a command.
 */
export interface ManifestInfo {
  /** The package's own name, when the manifest states one. */
  name?: string;
  npm?: string[];
  pypi?: string[];
  go?: string[];
  /** `group:artifact` coordinates, and Gradle plugin ids as they are written. */
  maven?: string[];
  /** Dart packages of pubspec.yaml (the Flutter SDK as `flutter`). */
  pub?: string[];
  /** npm, yarn or pnpm workspace patterns; Maven modules; Gradle includes; uv workspace members. */
  workspaces?: string[];
  /** The range or version each dependency is declared with, as written: `^13.3.0`, `>=4.2,<4.3`, `v1.9.1`. */
  specs?: Partial<Record<Ecosystem, Record<string, string>>>;
  /** npm packages named only under devDependencies: tools, not code the package runs. */
  devOnly?: string[];
  /** Other requirement files a requirements file includes (`-r base.txt`), relative to it. */
  includes?: string[];
  pom?: PomInfo;
  gradle?: GradleInfo;
  catalog?: VersionCatalog;
  /** pnpm catalogs of pnpm-workspace.yaml: catalog name (`default` for `catalog:`) → package → range. */
  catalogs?: Record<string, Record<string, string>>;
}

function addSpec(specs: Record<string, string>, name: string, spec: unknown): void {
  if (typeof spec === 'string' && spec.length <= 256 && !Object.hasOwn(specs, name)) specs[name] = spec;
}

// ---------------------------------------------------------------- npm

export function parsePackageJson(text: string): ManifestInfo {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return {};
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return {};
  const pkg = data as Record<string, unknown>;
  const npm = new Set<string>();
  const runtime = new Set<string>();
  const specs: Record<string, string> = {};
  // Installed ranges first: a peer range is what consumers may bring, not what this package runs.
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
    const deps = pkg[field];
    if (!deps || typeof deps !== 'object' || Array.isArray(deps)) continue;
    for (const [name, spec] of Object.entries(deps)) {
      npm.add(name);
      if (field !== 'devDependencies') runtime.add(name);
      addSpec(specs, name, spec);
    }
  }
  const ws = pkg.workspaces;
  const patterns = Array.isArray(ws) ? ws : ws && typeof ws === 'object' ? (ws as { packages?: unknown }).packages : undefined;
  const order = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
  const listed = order.flatMap((f) => Object.keys(pkg[f] && typeof pkg[f] === 'object' && !Array.isArray(pkg[f]) ? (pkg[f] as object) : {}));
  return {
    name: typeof pkg.name === 'string' ? pkg.name : undefined,
    npm: [...new Set(listed)].filter((n) => npm.has(n)),
    workspaces: Array.isArray(patterns) ? patterns.filter((p): p is string => typeof p === 'string') : undefined,
    specs: { npm: specs },
    devOnly: [...npm].filter((n) => !runtime.has(n)),
  };
}

/** `packages:` of pnpm-workspace.yaml. */
export function parsePnpmWorkspace(text: string): ManifestInfo {
  const result = yamlProblem(text, { maxBytes: 1024 * 1024 });
  if (!('value' in result)) return {};
  const data = result.value as { packages?: unknown; catalog?: unknown; catalogs?: unknown } | null;
  const packages = data?.packages;
  const catalogs: Record<string, Record<string, string>> = {};
  const addCatalog = (name: string, entries: unknown) => {
    const specs: Record<string, string> = {};
    for (const [pkg, spec] of Object.entries(table(entries))) addSpec(specs, pkg, spec);
    catalogs[name] = { ...specs, ...(catalogs[name] ?? {}) };
  };
  addCatalog('default', data?.catalog);
  for (const [name, entries] of Object.entries(table(data?.catalogs))) addCatalog(name, entries);
  return { workspaces: Array.isArray(packages) ? packages.filter((p): p is string => typeof p === 'string') : [], catalogs };
}

export function parseLernaJson(text: string): ManifestInfo {
  try {
    const data = JSON.parse(text) as { packages?: unknown };
    return { workspaces: Array.isArray(data.packages) ? data.packages.filter((p): p is string => typeof p === 'string') : undefined };
  } catch {
    return {};
  }
}

function unquote(text: string): string {
  return text.replace(/^(["'])(.*)\1$/, '$2');
}

// ---------------------------------------------------------------- Python

/** PEP 503: names compare lowercase with runs of `-`, `_` and `.` as one dash. */
export function normalisePypi(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The distribution name at the start of a PEP 508 requirement (`Django[bcrypt]>=4.2; ...`). */
export function requirementName(requirement: string): string | undefined {
  const match = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/.exec(requirement);
  return match ? normalisePypi(match[1]!) : undefined;
}

/** The version specifier of a PEP 508 requirement: `Django[bcrypt]>=4.2; python_version>"3"` → `>=4.2`. */
export function requirementSpec(requirement: string): string | undefined {
  const match = /^\s*[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\s*(?:\[[^\]]*\])?\s*([^;@]*)/.exec(requirement);
  if (!match || /^\s*[A-Za-z0-9._-]+\s*(?:\[[^\]]*\])?\s*@/.test(requirement)) return undefined;
  const spec = match[1]!.replace(/^\(|\)$/g, '').trim();
  return spec || undefined;
}

type Table = Record<string, unknown>;

/** A TOML file as data; a file that does not parse names nothing. */
function readToml(text: string): Table {
  try {
    return parseToml(text) as Table;
  } catch {
    return {};
  }
}

function table(value: unknown): Table {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Table) : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Requirement strings of a PEP 508 array, or of every array in a table of them. */
function requirements(value: unknown): string[] {
  return Array.isArray(value) ? strings(value) : Object.values(table(value)).flatMap(strings);
}

export function parsePyproject(text: string): ManifestInfo {
  const doc = readToml(text);
  const project = table(doc.project);
  const tool = table(doc.tool);
  const poetry = table(tool.poetry);
  const pypi = new Set<string>();
  const specs: Record<string, string> = {};
  // PEP 621 and PEP 735, plus the dev-dependency lists of uv and pdm.
  for (const req of [
    ...strings(project.dependencies),
    ...requirements(project['optional-dependencies']),
    ...requirements(doc['dependency-groups']),
    ...strings(table(tool.uv)['dev-dependencies']),
    ...requirements(table(tool.pdm)['dev-dependencies']),
  ]) {
    const dep = requirementName(req);
    if (!dep) continue;
    pypi.add(dep);
    addSpec(specs, dep, requirementSpec(req));
  }
  // Poetry names dependencies by key: `"^5.2"`, `{ version = "^5.2", extras = [...] }` or a git/path table.
  const poetryTables = [poetry.dependencies, poetry['dev-dependencies'], ...Object.values(table(poetry.group)).map((g) => table(g).dependencies)];
  for (const deps of poetryTables) {
    for (const [key, value] of Object.entries(table(deps))) {
      const dep = normalisePypi(key);
      if (dep === 'python') continue;
      pypi.add(dep);
      addSpec(specs, dep, typeof value === 'string' ? value : table(value).version);
    }
  }
  const members = strings(table(table(tool.uv).workspace).members);
  const name = typeof project.name === 'string' ? project.name : typeof poetry.name === 'string' ? poetry.name : undefined;
  return { name, pypi: [...pypi], specs: { pypi: specs }, ...(members.length ? { workspaces: members } : {}) };
}

export function parsePipfile(text: string): ManifestInfo {
  const doc = readToml(text);
  const specs: Record<string, string> = {};
  for (const [key, value] of [...Object.entries(table(doc.packages)), ...Object.entries(table(doc['dev-packages']))]) {
    addSpec(specs, normalisePypi(key), typeof value === 'string' ? value : table(value).version);
  }
  return { pypi: [...new Set([...Object.keys(table(doc.packages)), ...Object.keys(table(doc['dev-packages']))].map(normalisePypi))], specs: { pypi: specs } };
}

export function parseRequirements(text: string): ManifestInfo {
  const pypi = new Set<string>();
  const specs: Record<string, string> = {};
  const includes: string[] = [];
  for (const raw of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    const include = /^(?:-r|--requirement)(?:\s+|=)(\S+)$/.exec(line);
    if (include) {
      includes.push(include[1]!);
      continue;
    }
    const egg = /#egg=([A-Za-z0-9._-]+)/.exec(raw);
    if (egg) {
      pypi.add(normalisePypi(egg[1]!));
      continue;
    }
    // Options (-r other.txt, --index-url ...) and bare URLs or paths name no package.
    if (line.startsWith('-') || /^[a-z+]+:\/\//i.test(line) || /^[./]/.test(line)) continue;
    const dep = requirementName(line);
    if (!dep) continue;
    pypi.add(dep);
    addSpec(specs, dep, requirementSpec(line));
  }
  return { pypi: [...pypi], specs: { pypi: specs }, ...(includes.length ? { includes } : {}) };
}

// ---------------------------------------------------------------- Go

/** Direct requirements of go.mod: `// indirect` ones are dependencies of dependencies. */
export function parseGoMod(text: string): ManifestInfo {
  const go: string[] = [];
  const specs: Record<string, string> = {};
  let name: string | undefined;
  let block = '';
  for (const raw of text.split(/\r?\n/)) {
    const indirect = /\/\/\s*indirect\b/.test(raw);
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (line === '') continue;
    if (block) {
      if (line === ')') block = '';
      else if (block === 'require' && !indirect) {
        const [module, version] = line.split(/\s+/);
        go.push(module!);
        addSpec(specs, unquote(module!), version);
      }
      continue;
    }
    const open = /^(\w+)\s*\($/.exec(line);
    if (open) {
      block = open[1]!;
      continue;
    }
    const module = /^module\s+(\S+)/.exec(line);
    if (module) name = unquote(module[1]!);
    const require = /^require\s+(\S+)(?:\s+(\S+))?/.exec(line);
    if (require && !indirect) {
      go.push(require[1]!);
      addSpec(specs, unquote(require[1]!), require[2]);
    }
  }
  return { name, go: go.map(unquote), specs: { go: specs } };
}

// ---------------------------------------------------------------- JVM

function key(c: { group?: string; artifact: string }): string | undefined {
  return c.group && !c.group.includes('${') ? `${c.group}:${c.artifact}` : undefined;
}

/** Dependencies, the parent POM and plugins of a pom.xml, as `group:artifact`; managed versions are not uses. */
export function parsePom(text: string): ManifestInfo {
  const pom = readPom(text);
  const maven = new Set<string>();
  const specs: Record<string, string> = {};
  for (const c of [...pom.dependencies, ...(pom.parent ? [pom.parent] : []), ...pom.plugins]) {
    const k = key(c);
    if (!k) continue;
    maven.add(k);
    addSpec(specs, k, c.version);
  }
  return { name: pom.artifact, maven: [...maven], specs: { maven: specs }, pom, ...(pom.modules.length ? { workspaces: pom.modules } : {}) };
}

/** Coordinates and plugin ids of build.gradle or build.gradle.kts (and settings files), whichever DSL. */
export function parseGradle(text: string): ManifestInfo {
  const gradle = readGradle(text);
  const specs: Record<string, string> = {};
  for (const [k, v] of [...Object.entries(gradle.coordinates), ...Object.entries(gradle.plugins)]) addSpec(specs, k, v);
  return {
    maven: [...Object.keys(gradle.coordinates), ...Object.keys(gradle.plugins)],
    specs: { maven: specs },
    gradle,
    ...(gradle.includes.length ? { workspaces: gradle.includes } : {}),
  };
}

/** Gradle's version catalog (gradle/libs.versions.toml): what it defines, for the scripts that use it. */
export function parseVersionCatalog(text: string): ManifestInfo {
  const catalog = readVersionCatalog(text);
  return { maven: [...new Set([...Object.values(catalog.libraries).map((l) => l.module), ...Object.values(catalog.plugins).map((p) => p.id)])], catalog };
}

// ---------------------------------------------------------------- Dart

/** pubspec.yaml: dependencies and dev_dependencies; the Flutter SDK (`flutter: { sdk: flutter }`) as `flutter`. */
export function parsePubspec(text: string): ManifestInfo {
  const result = yamlProblem(text, { maxBytes: 512 * 1024 });
  if (!('value' in result)) return {};
  const doc = table(result.value);
  const pub = new Set<string>();
  const specs: Record<string, string> = {};
  const environment = table(doc.environment);
  for (const field of ['dependencies', 'dev_dependencies']) {
    for (const [name, value] of Object.entries(table(doc[field]))) {
      pub.add(name);
      const spec = typeof value === 'string' ? value : table(value).sdk === 'flutter' ? environment.flutter : table(value).version;
      addSpec(specs, name, spec);
    }
  }
  if (typeof environment.flutter === 'string') addSpec(specs, 'flutter', environment.flutter);
  if (typeof environment.sdk === 'string') addSpec(specs, 'dart', environment.sdk);
  return { name: typeof doc.name === 'string' ? doc.name : undefined, pub: [...pub], specs: { pub: specs } };
}
