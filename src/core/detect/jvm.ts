import { parse as parseToml } from 'smol-toml';
import { child, childText, children, parseXml, type XmlElement } from './xml.js';

/**
 * JVM build files as data: Maven POMs (dependencies, parent, properties, managed versions,
 * modules), Gradle scripts in either DSL (coordinates, plugins, version variables, catalog
 * accessors, included subprojects) and Gradle's version catalog. Nothing is evaluated; a file
 * that cannot be read names nothing.
 */

export interface MavenCoordinate {
  group?: string;
  artifact: string;
  /** As written, `${...}` references unresolved. */
  version?: string;
}

export interface PomInfo {
  group?: string;
  artifact?: string;
  version?: string;
  parent?: MavenCoordinate & { relativePath?: string };
  properties: Record<string, string>;
  /** Declared dependencies (profiles included): what the module uses. */
  dependencies: MavenCoordinate[];
  /** Build plugins (profiles included). */
  plugins: MavenCoordinate[];
  /** `<dependencyManagement>`: versions (and imported BOMs) for modules that use them, not uses. */
  managed: Array<MavenCoordinate & { scope?: string; type?: string }>;
  modules: string[];
}

function coordinate(element: XmlElement, defaultGroup?: string): MavenCoordinate | undefined {
  const artifact = childText(element, 'artifactId');
  if (!artifact) return undefined;
  return { group: childText(element, 'groupId') ?? defaultGroup, artifact, version: childText(element, 'version') };
}

function dependenciesOf(container: XmlElement | undefined): MavenCoordinate[] {
  return children(child(container, 'dependencies'), 'dependency').flatMap((d) => coordinate(d) ?? []);
}

function pluginsOf(container: XmlElement | undefined): MavenCoordinate[] {
  const build = child(container, 'build');
  const plugins = [...children(child(build, 'plugins'), 'plugin'), ...children(child(child(build, 'pluginManagement'), 'plugins'), 'plugin')];
  return plugins.flatMap((p) => coordinate(p, 'org.apache.maven.plugins') ?? []);
}

export function readPom(text: string): PomInfo {
  const project = child(parseXml(text), 'project');
  const info: PomInfo = { properties: {}, dependencies: [], plugins: [], managed: [], modules: [] };
  if (!project) return info;
  info.group = childText(project, 'groupId');
  info.artifact = childText(project, 'artifactId');
  info.version = childText(project, 'version');
  const parent = child(project, 'parent');
  const parentCoordinate = parent && coordinate(parent);
  if (parentCoordinate) info.parent = { ...parentCoordinate, relativePath: child(parent, 'relativePath') ? childText(parent, 'relativePath') ?? '' : undefined };
  for (const p of child(project, 'properties')?.children ?? []) {
    const value = p.text.trim();
    if (value && !Object.hasOwn(info.properties, p.name)) info.properties[p.name] = value;
  }
  info.dependencies = dependenciesOf(project);
  info.plugins = pluginsOf(project);
  for (const profile of children(child(project, 'profiles'), 'profile')) {
    info.dependencies.push(...dependenciesOf(profile));
    info.plugins.push(...pluginsOf(profile));
  }
  for (const d of children(child(child(project, 'dependencyManagement'), 'dependencies'), 'dependency')) {
    const c = coordinate(d);
    if (c) info.managed.push({ ...c, scope: childText(d, 'scope'), type: childText(d, 'type') });
  }
  info.modules = children(child(project, 'modules'), 'module').map((m) => m.text.trim()).filter(Boolean);
  return info;
}

// ---------------------------------------------------------------- Gradle

export interface GradleInfo {
  /** `group:artifact` → version as written (may hold `$name`), or undefined when none is given. */
  coordinates: Record<string, string | undefined>;
  /** Plugin id → version as written (a quoted text or a variable name). */
  plugins: Record<string, string | undefined>;
  /** Version catalog accessors used, without `libs.`: `spring.boot.starter.web`, `plugins.spring.boot`. */
  accessors: string[];
  /** Simple `name = "text"` assignments (`val`, `def`, `ext.`), for `$name` in versions. */
  variables: Record<string, string>;
  /** Subprojects a settings file includes, as folders (`:a:b` → `a/b`). */
  includes: string[];
}

/** Removes comments without a regex that could rescan the text: block comments, then `//` to the line's end. */
export function stripCodeComments(code: string): string {
  let out = '';
  let i = 0;
  while (i < code.length) {
    const start = code.indexOf('/*', i);
    if (start < 0) {
      out += code.slice(i);
      break;
    }
    out += code.slice(i, start);
    const end = code.indexOf('*/', start + 2);
    if (end < 0) break;
    i = end + 2;
  }
  // `https://` inside a string is not a comment.
  return out.replace(/(^|[^:])\/\/[^\n]*/g, '$1');
}

function unquoteCode(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  return /^(["']).*\1$/.test(t) ? t.slice(1, -1) : t;
}

export function readGradle(text: string): GradleInfo {
  const code = stripCodeComments(text.length > 512 * 1024 ? text.slice(0, 512 * 1024) : text);
  const info: GradleInfo = { coordinates: {}, plugins: {}, accessors: [], variables: {}, includes: [] };
  for (const m of code.matchAll(/["']([A-Za-z0-9_.-]+):([A-Za-z0-9_.-]+)(?::([^"'\s:@]*))?(?:[:@][^"'\s]*)?["']/g)) {
    const key = `${m[1]}:${m[2]}`;
    if (!Object.hasOwn(info.coordinates, key) || info.coordinates[key] === undefined) info.coordinates[key] = m[3] || undefined;
  }
  for (const m of code.matchAll(/group\s*[:=]\s*["']([^"']+)["']\s*,\s*name\s*[:=]\s*["']([^"']+)["'](?:\s*,\s*version\s*[:=]\s*["']([^"']+)["'])?/g)) {
    info.coordinates[`${m[1]}:${m[2]}`] ??= m[3];
  }
  const version = String.raw`(?:[ \t]+version[ \t]*\(?[ \t]*("[^"\n]*"|'[^'\n]*'|[A-Za-z_][A-Za-z0-9_]*))?`;
  for (const m of code.matchAll(new RegExp(String.raw`\bid[ \t]*\(?[ \t]*["']([A-Za-z0-9_.-]+)["'][ \t]*\)?${version}`, 'g'))) {
    info.plugins[m[1]!] ??= m[2];
  }
  for (const m of code.matchAll(new RegExp(String.raw`\bkotlin[ \t]*\([ \t]*["']([A-Za-z0-9_.-]+)["'][ \t]*\)${version}`, 'g'))) {
    info.plugins[`org.jetbrains.kotlin.${m[1]}`] ??= m[2];
  }
  for (const m of code.matchAll(/\bapply[ \t]*\(?[ \t]*plugin[ \t]*[:=][ \t]*["']([A-Za-z0-9_.-]+)["']/g)) info.plugins[m[1]!] ??= undefined;
  for (const m of code.matchAll(/\blibs\.([A-Za-z0-9_.]+)/g)) {
    const accessor = m[1]!.replace(/\.+$/, '');
    if (!accessor.startsWith('versions.') && !info.accessors.includes(accessor)) info.accessors.push(accessor);
  }
  for (const m of code.matchAll(/^[ \t]*(?:(?:val|var|def|String)[ \t]+)?(?:ext\.|project\.ext\.)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*["']([^"'$\n]+)["']/gm)) {
    info.variables[m[1]!] ??= m[2]!;
  }
  for (const m of code.matchAll(/\bset\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*,\s*["']([^"'$\n]+)["']\s*\)/g)) info.variables[m[1]!] ??= m[2]!;
  for (const m of code.matchAll(/\binclude\b[ \t]*\(?([^)\n]*)/g)) {
    for (const q of m[1]!.matchAll(/["']([^"']+)["']/g)) {
      const dir = q[1]!.replace(/^:/, '').replace(/:/g, '/');
      if (dir && !dir.includes('..') && !info.includes.includes(dir)) info.includes.push(dir);
    }
  }
  return info;
}

/** `$name`, `${name}` and a bare variable name, through a script's simple assignments. */
export function gradleVersion(written: string | undefined, variables: Record<string, string>): string | undefined {
  if (written === undefined) return undefined;
  const bare = unquoteCode(written)!;
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(bare) && written.trim() === bare) return Object.hasOwn(variables, bare) ? variables[bare] : undefined;
  const resolved = bare.replace(/\$\{([A-Za-z_][A-Za-z0-9_.]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, a?: string, b?: string) => {
    const name = (a ?? b)!;
    return Object.hasOwn(variables, name) ? variables[name]! : whole;
  });
  return resolved.includes('$') ? undefined : resolved;
}

// ---------------------------------------------------------------- version catalog

export interface VersionCatalog {
  /** By accessor (`spring.boot.starter.web` for `spring-boot-starter-web`). */
  libraries: Record<string, { module: string; version?: string }>;
  plugins: Record<string, { id: string; version?: string }>;
  bundles: Record<string, string[]>;
}

type Table = Record<string, unknown>;

function table(value: unknown): Table {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Table) : {};
}

/** Gradle maps `-` and `_` in catalog keys to `.` in accessors. */
export function catalogAccessor(key: string): string {
  return key.replace(/[-_]/g, '.');
}

function catalogVersion(spec: Table, versions: Table): string | undefined {
  const v = spec.version;
  if (typeof v === 'string') return v;
  const t = table(v);
  if (typeof t.ref === 'string') {
    const ref = versions[t.ref];
    if (typeof ref === 'string') return ref;
    const rt = table(ref);
    return [rt.strictly, rt.require, rt.prefer].find((x): x is string => typeof x === 'string');
  }
  return [t.strictly, t.require, t.prefer].find((x): x is string => typeof x === 'string');
}

export function readVersionCatalog(text: string): VersionCatalog {
  const catalog: VersionCatalog = { libraries: {}, plugins: {}, bundles: {} };
  let doc: Table;
  try {
    doc = parseToml(text) as Table;
  } catch {
    return catalog;
  }
  const versions = table(doc.versions);
  for (const [key, entry] of Object.entries(table(doc.libraries))) {
    if (typeof entry === 'string') {
      const [group, artifact, version] = entry.split(':');
      if (group && artifact) catalog.libraries[catalogAccessor(key)] = { module: `${group}:${artifact}`, version };
      continue;
    }
    const spec = table(entry);
    const module = typeof spec.module === 'string' && spec.module.includes(':') ? spec.module
      : typeof spec.group === 'string' && typeof spec.name === 'string' ? `${spec.group}:${spec.name}` : undefined;
    if (module) catalog.libraries[catalogAccessor(key)] = { module, version: catalogVersion(spec, versions) };
  }
  for (const [key, entry] of Object.entries(table(doc.plugins))) {
    if (typeof entry === 'string') {
      const [id, version] = entry.split(':');
      if (id) catalog.plugins[catalogAccessor(key)] = { id, version };
      continue;
    }
    const spec = table(entry);
    if (typeof spec.id === 'string' && spec.id) catalog.plugins[catalogAccessor(key)] = { id: spec.id, version: catalogVersion(spec, versions) };
  }
  for (const [key, entry] of Object.entries(table(doc.bundles))) {
    if (Array.isArray(entry)) catalog.bundles[catalogAccessor(key)] = entry.filter((e): e is string => typeof e === 'string').map(catalogAccessor);
  }
  return catalog;
}

/** What a script's catalog accessors point at: coordinates and plugin ids with their versions. */
export function resolveAccessors(accessors: readonly string[], catalog: VersionCatalog): { coordinates: Record<string, string | undefined>; plugins: Record<string, string | undefined> } {
  const coordinates: Record<string, string | undefined> = {};
  const plugins: Record<string, string | undefined> = {};
  // `libs.foo.bar.get()` and `libs.foo.asProvider()` end in calls: try the longest known prefix.
  const longest = (path: string, keys: Table): string | undefined => {
    const parts = path.split('.');
    for (let n = parts.length; n > 0; n -= 1) {
      const key = parts.slice(0, n).join('.');
      if (Object.hasOwn(keys, key)) return key;
    }
    return undefined;
  };
  const addLibrary = (key: string) => {
    const lib = catalog.libraries[key]!;
    coordinates[lib.module] ??= lib.version;
  };
  for (const accessor of accessors) {
    if (accessor.startsWith('plugins.')) {
      const key = longest(accessor.slice('plugins.'.length), catalog.plugins);
      if (key) plugins[catalog.plugins[key]!.id] ??= catalog.plugins[key]!.version;
    } else if (accessor.startsWith('bundles.')) {
      const key = longest(accessor.slice('bundles.'.length), catalog.bundles);
      for (const lib of key ? catalog.bundles[key]! : []) if (Object.hasOwn(catalog.libraries, lib)) addLibrary(lib);
    } else {
      const key = longest(accessor, catalog.libraries);
      if (key) addLibrary(key);
    }
  }
  return { coordinates, plugins };
}
