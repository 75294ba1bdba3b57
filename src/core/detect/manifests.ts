import { yamlProblem } from '../yaml.js';
import { parse as parseToml } from 'smol-toml';
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
  /** npm, yarn or pnpm workspace patterns. */
  workspaces?: string[];
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
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    const deps = pkg[field];
    if (deps && typeof deps === 'object' && !Array.isArray(deps)) for (const name of Object.keys(deps)) npm.add(name);
  }
  const ws = pkg.workspaces;
  const patterns = Array.isArray(ws) ? ws : ws && typeof ws === 'object' ? (ws as { packages?: unknown }).packages : undefined;
  return {
    name: typeof pkg.name === 'string' ? pkg.name : undefined,
    npm: [...npm],
    workspaces: Array.isArray(patterns) ? patterns.filter((p): p is string => typeof p === 'string') : undefined,
  };
}

/** `packages:` of pnpm-workspace.yaml. */
export function parsePnpmWorkspace(text: string): ManifestInfo {
  const result = yamlProblem(text, { maxBytes: 1024 * 1024 });
  if (!('value' in result)) return {};
  const data = result.value;
  const packages = (data as { packages?: unknown } | null)?.packages;
  return { workspaces: Array.isArray(packages) ? packages.filter((p): p is string => typeof p === 'string') : [] };
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
  // PEP 621 and PEP 735, plus the dev-dependency lists of uv and pdm.
  for (const req of [
    ...strings(project.dependencies),
    ...requirements(project['optional-dependencies']),
    ...requirements(doc['dependency-groups']),
    ...strings(table(tool.uv)['dev-dependencies']),
    ...requirements(table(tool.pdm)['dev-dependencies']),
  ]) {
    const dep = requirementName(req);
    if (dep) pypi.add(dep);
  }
  // Poetry names dependencies by key.
  const poetryTables = [poetry.dependencies, poetry['dev-dependencies'], ...Object.values(table(poetry.group)).map((g) => table(g).dependencies)];
  for (const deps of poetryTables) {
    for (const key of Object.keys(table(deps))) if (normalisePypi(key) !== 'python') pypi.add(normalisePypi(key));
  }
  const name = typeof project.name === 'string' ? project.name : typeof poetry.name === 'string' ? poetry.name : undefined;
  return { name, pypi: [...pypi] };
}

export function parsePipfile(text: string): ManifestInfo {
  const doc = readToml(text);
  return { pypi: [...new Set([...Object.keys(table(doc.packages)), ...Object.keys(table(doc['dev-packages']))].map(normalisePypi))] };
}

export function parseRequirements(text: string): ManifestInfo {
  const pypi = new Set<string>();
  for (const raw of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    const egg = /#egg=([A-Za-z0-9._-]+)/.exec(raw);
    if (egg) {
      pypi.add(normalisePypi(egg[1]!));
      continue;
    }
    // Options (-r other.txt, --index-url ...) and bare URLs or paths name no package.
    if (line.startsWith('-') || /^[a-z+]+:\/\//i.test(line) || /^[./]/.test(line)) continue;
    const dep = requirementName(line);
    if (dep) pypi.add(dep);
  }
  return { pypi: [...pypi] };
}

// ---------------------------------------------------------------- Go

/** Direct requirements of go.mod: `// indirect` ones are dependencies of dependencies. */
export function parseGoMod(text: string): ManifestInfo {
  const go: string[] = [];
  let name: string | undefined;
  let block = '';
  for (const raw of text.split(/\r?\n/)) {
    const indirect = /\/\/\s*indirect\b/.test(raw);
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (line === '') continue;
    if (block) {
      if (line === ')') block = '';
      else if (block === 'require' && !indirect) go.push(line.split(/\s+/)[0]!);
      continue;
    }
    const open = /^(\w+)\s*\($/.exec(line);
    if (open) {
      block = open[1]!;
      continue;
    }
    const module = /^module\s+(\S+)/.exec(line);
    if (module) name = unquote(module[1]!);
    const require = /^require\s+(\S+)/.exec(line);
    if (require && !indirect) go.push(require[1]!);
  }
  return { name, go: go.map(unquote) };
}

// ---------------------------------------------------------------- JVM

function xmlBlocks(text: string, tag: string): string[] {
  return [...text.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]!);
}

function xmlValue(block: string, tag: string): string | undefined {
  return new RegExp(`<${tag}>\\s*([^<\\s]+)\\s*</${tag}>`).exec(block)?.[1];
}

/** Dependencies, the parent POM and plugins of a pom.xml, as `group:artifact`. */
export function parsePom(text: string): ManifestInfo {
  const xml = text.replace(/<!--[\s\S]*?-->/g, '');
  const maven = new Set<string>();
  for (const tag of ['dependency', 'parent', 'plugin']) {
    for (const block of xmlBlocks(xml, tag)) {
      const artifact = xmlValue(block, 'artifactId');
      const group = xmlValue(block, 'groupId') ?? (tag === 'plugin' ? 'org.apache.maven.plugins' : undefined);
      if (artifact && group && !group.includes('${')) maven.add(`${group}:${artifact}`);
    }
  }
  const outside = xml.replace(/<(parent|dependencies|dependencyManagement|build|profiles)>[\s\S]*?<\/\1>/g, '');
  return { name: xmlValue(outside, 'artifactId'), maven: [...maven] };
}

/** Coordinates and plugin ids of build.gradle or build.gradle.kts, whichever DSL. */
export function parseGradle(text: string): ManifestInfo {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  const maven = new Set<string>();
  for (const m of code.matchAll(/["']([A-Za-z0-9_.-]+):([A-Za-z0-9_.-]+)(?::[^"'\s]*)?["']/g)) maven.add(`${m[1]}:${m[2]}`);
  for (const m of code.matchAll(/group\s*[:=]\s*["']([^"']+)["']\s*,\s*name\s*[:=]\s*["']([^"']+)["']/g)) maven.add(`${m[1]}:${m[2]}`);
  for (const m of code.matchAll(/\bid\s*\(?\s*["']([A-Za-z0-9_.-]+)["']/g)) maven.add(m[1]!);
  return { maven: [...maven] };
}

/** Gradle's version catalog (gradle/libs.versions.toml): libraries and plugins. */
export function parseVersionCatalog(text: string): ManifestInfo {
  const doc = readToml(text);
  const maven = new Set<string>();
  for (const entry of Object.values(table(doc.libraries))) {
    // "group:artifact:version", or { module = "group:artifact" }, or { group, name }.
    const spec = typeof entry === 'string' ? { module: entry.split(':').slice(0, 2).join(':') } : table(entry);
    if (typeof spec.module === 'string' && spec.module.includes(':')) maven.add(spec.module);
    else if (typeof spec.group === 'string' && typeof spec.name === 'string') maven.add(`${spec.group}:${spec.name}`);
  }
  for (const entry of Object.values(table(doc.plugins))) {
    const id = typeof entry === 'string' ? entry.split(':')[0] : table(entry).id;
    if (typeof id === 'string' && id) maven.add(id);
  }
  return { maven: [...maven] };
}
