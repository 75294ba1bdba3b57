/**
 * Dependency names from package manifests, as plain functions over file text. Each parser reads
 * just enough of its format to list what a project depends on; none of them evaluates anything,
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

/** `packages:` of pnpm-workspace.yaml, a plain YAML list; read line by line to need no parser. */
export function parsePnpmWorkspace(text: string): ManifestInfo {
  const workspaces: string[] = [];
  let inPackages = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '');
    if (/^packages\s*:/.test(line)) {
      inPackages = true;
      const inline = /\[(.*)\]/.exec(line);
      if (inline) for (const p of inline[1]!.split(',')) workspaces.push(unquote(p.trim()));
      continue;
    }
    if (/^\S/.test(line)) inPackages = false;
    const item = /^\s+-\s*(.+?)\s*$/.exec(line);
    if (inPackages && item) workspaces.push(unquote(item[1]!));
  }
  return { workspaces: workspaces.filter(Boolean) };
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

interface TomlEntry {
  table: string;
  key: string;
  value: string;
}

/**
 * `table`, `key`, raw `value` triples of a TOML file. Values that span lines (arrays, inline
 * tables, multi-line strings) are gathered whole; comments outside strings are dropped.
 */
export function tomlEntries(text: string): TomlEntry[] {
  const entries: TomlEntry[] = [];
  const lines = text.split(/\r?\n/);
  let table = '';
  for (let i = 0; i < lines.length; i += 1) {
    const line = stripTomlComment(lines[i]!).trim();
    if (line === '') continue;
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?$/.exec(line);
    if (header) {
      table = tomlKey(header[1]!);
      continue;
    }
    const eq = keyValueSplit(line);
    if (eq < 0) continue;
    const key = tomlKey(line.slice(0, eq).trim());
    let value = line.slice(eq + 1).trim();
    if (/^("""|''')/.test(value)) {
      const fence = value.slice(0, 3);
      while (value.indexOf(fence, 3) < 0 && i + 1 < lines.length) value += `\n${lines[(i += 1)]!}`;
    } else {
      while (!balanced(value) && i + 1 < lines.length) value += `\n${stripTomlComment(lines[(i += 1)]!)}`;
    }
    entries.push({ table, key, value });
  }
  return entries;
}

/** The `=` that separates key and value: the first one outside a quoted key. */
function keyValueSplit(line: string): number {
  let quote = '';
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '=') return i;
  }
  return -1;
}

function tomlKey(raw: string): string {
  return raw
    .split('.')
    .map((part) => unquote(part.trim()))
    .join('.');
}

function stripTomlComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i += 1;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}

/** True when every `[` and `{` outside strings is closed. */
function balanced(value: string): boolean {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i += 1;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth += 1;
    else if (c === ']' || c === '}') depth -= 1;
  }
  return depth <= 0;
}

/** The string items of a TOML array, skipping strings inside inline tables. */
export function tomlArrayStrings(value: string): string[] {
  const out: string[] = [];
  let braces = 0;
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i]!;
    if (c === '{') braces += 1;
    else if (c === '}') braces -= 1;
    else if (c === '"' || c === "'") {
      let end = i + 1;
      let text = '';
      while (end < value.length && value[end] !== c) {
        if (c === '"' && value[end] === '\\') end += 1;
        text += value[end] ?? '';
        end += 1;
      }
      if (braces === 0) out.push(text);
      i = end;
    }
  }
  return out;
}

/** The value of `key = "..."` inside an inline table. */
function inlineString(value: string, key: string): string | undefined {
  const match = new RegExp(`(?:^|[{,\\s])${key.replace(/\./g, '\\.')}\\s*=\\s*["']([^"']+)["']`).exec(value);
  return match?.[1];
}

const PEP508_ARRAYS = [/^project\.dependencies$/, /^project\.optional-dependencies\./, /^dependency-groups\./, /^tool\.uv\.dev-dependencies$/, /^tool\.pdm\.dev-dependencies\./];
const POETRY_TABLES = [/^tool\.poetry\.dependencies$/, /^tool\.poetry\.dev-dependencies$/, /^tool\.poetry\.group\.[^.]+\.dependencies$/];

export function parsePyproject(text: string): ManifestInfo {
  const pypi = new Set<string>();
  let name: string | undefined;
  for (const { table, key, value } of tomlEntries(text)) {
    const path = table ? `${table}.${key}` : key;
    if ((path === 'project.name' || path === 'tool.poetry.name') && !name) name = unquote(value);
    if (PEP508_ARRAYS.some((re) => re.test(path))) {
      for (const req of tomlArrayStrings(value)) {
        const dep = requirementName(req);
        if (dep) pypi.add(dep);
      }
    } else if (POETRY_TABLES.some((re) => re.test(table)) && normalisePypi(key) !== 'python') {
      pypi.add(normalisePypi(key));
    }
  }
  return { name, pypi: [...pypi] };
}

export function parsePipfile(text: string): ManifestInfo {
  const pypi = new Set<string>();
  for (const { table, key } of tomlEntries(text)) {
    if (table === 'packages' || table === 'dev-packages') pypi.add(normalisePypi(key));
  }
  return { pypi: [...pypi] };
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
  const maven = new Set<string>();
  for (const { table, value } of tomlEntries(text)) {
    if (table === 'libraries') {
      const module = inlineString(value, 'module') ?? (/^["']([^"':]+:[^"':]+)(?::[^"']*)?["']$/.exec(value)?.[1]);
      const group = inlineString(value, 'group');
      const name = inlineString(value, 'name');
      if (module) maven.add(module);
      else if (group && name) maven.add(`${group}:${name}`);
    } else if (table === 'plugins') {
      const id = inlineString(value, 'id') ?? /^["']([^"':]+)/.exec(value)?.[1];
      if (id) maven.add(id);
    }
  }
  return { maven: [...maven] };
}
