import { parse as parseJsonc } from 'jsonc-parser';
import { normalisePypi } from './manifests.js';
import { scanYamlScalars, unquoteYaml } from './yaml-lines.js';

/**
 * The versions lockfiles record, read from their text: each reader returns a lookup from a
 * dependency name to the version installed, for one importer (a package folder relative to the
 * lockfile's folder, `.` for the folder itself). A lockfile that does not parse yields an empty
 * lookup, so detection falls back to the manifest's range; nothing here throws.
 */
export interface Lockfile {
  /** The version installed for `name` in the package at `importer`, e.g. `13.3.2-canary.13`. */
  version(importer: string, name: string, range?: string): string | undefined;
  /** Whether the lockfile knows this importer at all (a workspace lockfile may not). */
  hasImporter(importer: string): boolean;
}

export const NO_LOCK: Lockfile = { version: () => undefined, hasImporter: () => false };

type Json = Record<string, unknown>;

function object(value: unknown): Json {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function jsonObject(text: string): Json | undefined {
  try {
    const data: unknown = JSON.parse(text);
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Json) : undefined;
  } catch {
    return undefined;
  }
}

function importerKey(importer: string): string {
  return importer === '.' || importer === '' ? '' : importer.replace(/^\.\//, '').replace(/\/+$/, '');
}

// ---------------------------------------------------------------- npm

/** package-lock.json and npm-shrinkwrap.json, lockfile v1 (`dependencies`) and v2/v3 (`packages`). */
export function readNpmLock(text: string): Lockfile {
  const data = jsonObject(text);
  if (!data) return NO_LOCK;
  const packages = object(data.packages);
  const legacy = object(data.dependencies);
  const versionAt = (key: string) => {
    if (!Object.hasOwn(packages, key)) return undefined;
    const v = object(packages[key]).version;
    return typeof v === 'string' ? v : undefined;
  };
  return {
    version(importer, name) {
      const at = importerKey(importer);
      // A workspace's own copy first, then the hoisted one at the root.
      const own = versionAt(at ? `${at}/node_modules/${name}` : `node_modules/${name}`);
      if (own) return own;
      if (at && Object.hasOwn(packages, at)) {
        const hoisted = versionAt(`node_modules/${name}`);
        if (hoisted) return hoisted;
      }
      if (!at && Object.hasOwn(legacy, name)) {
        const v = object(legacy[name]).version;
        return typeof v === 'string' ? v : undefined;
      }
      return undefined;
    },
    hasImporter(importer) {
      const at = importerKey(importer);
      return at === '' ? Object.hasOwn(packages, '') || Object.keys(legacy).length > 0 : Object.hasOwn(packages, at);
    },
  };
}

// ---------------------------------------------------------------- pnpm

const DEPENDENCY_FIELDS = new Set(['dependencies', 'devDependencies', 'optionalDependencies']);

/** `18.2.0(react@18.2.0)` (v6+) or `13.0.0_react@18.2.0` (v5) or `/react/18.2.0` → the version. */
function pnpmVersion(text: string): string | undefined {
  if (/^(link|file|workspace):/.test(text)) return undefined;
  const bare = text.replace(/\(.*$/, '');
  const path = /^\/?(?:@[^/]+\/)?[^/@]+[/@](\d[^_/()]*)/.exec(bare);
  if (path && bare.includes('/')) return path[1];
  return bare.replace(/_.*$/, '') || undefined;
}

/**
 * pnpm-lock.yaml v5 to v9: `importers` per workspace package, or top-level dependency maps for a
 * single project (v5/v6). Read line by line up to the `packages:` section.
 */
export function readPnpmLock(text: string): Lockfile {
  const importers = new Map<string, Map<string, string>>();
  const add = (importer: string, name: string, version: string) => {
    const v = pnpmVersion(version);
    if (!v) return;
    const map = importers.get(importer) ?? new Map<string, string>();
    importers.set(importer, map);
    if (!map.has(name)) map.set(name, v);
  };
  try {
    scanYamlScalars(
      text,
      (path, value) => {
        // importers.<dir>.<field>.<name>[.version]
        if (path[0] === 'importers' && path.length >= 4 && DEPENDENCY_FIELDS.has(path[2]!)) {
          if (path.length === 4) add(importerKey(path[1]!), path[3]!, value);
          else if (path.length === 5 && path[4] === 'version') add(importerKey(path[1]!), path[3]!, value);
        } else if (DEPENDENCY_FIELDS.has(path[0]!) && path.length >= 2) {
          if (path.length === 2) add('', path[1]!, value);
          else if (path.length === 3 && path[2] === 'version') add('', path[1]!, value);
        }
      },
      new Set(['packages', 'snapshots']),
    );
  } catch {
    return NO_LOCK;
  }
  return {
    version: (importer, name) => importers.get(importerKey(importer))?.get(name),
    hasImporter: (importer) => importers.has(importerKey(importer)),
  };
}

// ---------------------------------------------------------------- Yarn

/** `"@babel/core@^7.0.0", @babel/core@^7.1` or Berry's `"express@npm:^4.17.1"`: each name and range. */
function yarnDescriptors(header: string): Array<{ name: string; range: string }> {
  const out: Array<{ name: string; range: string }> = [];
  for (const raw of header.replace(/:$/, '').split(',')) {
    const descriptor = unquoteYaml(raw.trim());
    const at = descriptor.indexOf('@', descriptor.startsWith('@') ? 1 : 0);
    if (at <= 0) continue;
    out.push({ name: descriptor.slice(0, at), range: descriptor.slice(at + 1).replace(/^npm:/, '') });
  }
  return out;
}

/** yarn.lock, v1 (`version "1.2.3"`) and Berry (YAML, `version: 1.2.3`); one tree for all workspaces. */
export function readYarnLock(text: string): Lockfile {
  const byName = new Map<string, Array<{ range: string; version: string }>>();
  let current: Array<{ name: string; range: string }> = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.length > 8192 || line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      current = line.endsWith(':') && line !== '__metadata:' ? yarnDescriptors(line) : [];
      continue;
    }
    const version = /^ {2}version:? +"?([^"\s]+)"?\s*$/.exec(line);
    if (!version || current.length === 0) continue;
    for (const { name, range } of current) {
      const list = byName.get(name) ?? [];
      byName.set(name, list);
      list.push({ range, version: version[1]! });
    }
    current = [];
  }
  return {
    version(_importer, name, range) {
      const entries = byName.get(name);
      if (!entries?.length) return undefined;
      const exact = range === undefined ? undefined : entries.find((e) => e.range === range);
      return (exact ?? entries[0]!).version;
    },
    hasImporter: () => byName.size > 0,
  };
}

// ---------------------------------------------------------------- Bun

/** bun.lock (text, JSON with trailing commas): `packages` maps a name, or `workspace/name`, to `[name@version, ...]`. */
export function readBunLock(text: string): Lockfile {
  let data: unknown;
  try {
    data = parseJsonc(text, [], { allowTrailingComma: true, disallowComments: false });
  } catch {
    return NO_LOCK;
  }
  const packages = object(object(data).packages);
  const workspaces = object(object(data).workspaces);
  const versionOf = (key: string) => {
    if (!Object.hasOwn(packages, key)) return undefined;
    const entry = packages[key];
    const id = Array.isArray(entry) && typeof entry[0] === 'string' ? entry[0] : undefined;
    if (!id) return undefined;
    const at = id.lastIndexOf('@');
    const version = at > 0 ? id.slice(at + 1) : undefined;
    return version && /^\d/.test(version) ? version : undefined;
  };
  return {
    version(importer, name) {
      const at = importerKey(importer);
      return (at ? versionOf(`${at}/${name}`) : undefined) ?? versionOf(name);
    },
    hasImporter: (importer) => Object.hasOwn(workspaces, importerKey(importer)),
  };
}

// ---------------------------------------------------------------- Python

/** Flat `name → version` of a Python project: one environment for the whole (workspace) project. */
function flatLock(versions: Map<string, string>): Lockfile {
  return {
    version: (_importer, name) => versions.get(normalisePypi(name)),
    hasImporter: () => versions.size > 0,
  };
}

/** poetry.lock, uv.lock and pdm.lock: `[[package]]` tables with `name` and `version`, read line by line. */
export function readPackageTablesLock(text: string): Lockfile {
  const versions = new Map<string, string>();
  let inPackage = false;
  let name: string | undefined;
  let version: string | undefined;
  const flush = () => {
    if (name && version && !versions.has(name)) versions.set(name, version);
    name = version = undefined;
  };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) {
      if (line === '[[package]]') {
        flush();
        inPackage = true;
      } else if (!line.startsWith('[package.') && !line.startsWith('[[package.')) {
        flush();
        inPackage = false;
      } else {
        // A sub-table of the package (`[package.dependencies]`): its keys are not the package's.
        if (name && version) flush();
        inPackage = false;
      }
      continue;
    }
    if (!inPackage || line.length > 1024) continue;
    const kv = /^(name|version)\s*=\s*"([^"]*)"/.exec(line);
    if (kv?.[1] === 'name') name = normalisePypi(kv[2]!);
    else if (kv?.[1] === 'version') version = kv[2]!;
  }
  flush();
  return flatLock(versions);
}

/** Pipfile.lock: JSON, `default` and `develop` map lower-case names to `{ "version": "==1.0.2" }`. */
export function readPipfileLock(text: string): Lockfile {
  const data = jsonObject(text);
  const versions = new Map<string, string>();
  for (const section of ['default', 'develop']) {
    for (const [name, entry] of Object.entries(object(data?.[section]))) {
      const v = object(entry).version;
      if (typeof v === 'string' && !versions.has(normalisePypi(name))) versions.set(normalisePypi(name), v.replace(/^={1,3}/, ''));
    }
  }
  return flatLock(versions);
}

// ---------------------------------------------------------------- Dart

/**
 * pubspec.lock: `packages.<name>.version`, except SDK packages (`source: sdk`, version 0.0.0),
 * and `sdks.flutter` / `sdks.dart` (the SDK constraint the resolution needs) as `flutter` / `dart`.
 */
export function readPubspecLock(text: string): Lockfile {
  const versions = new Map<string, string>();
  const sdkPackages = new Set<string>();
  const sdks = new Map<string, string>();
  try {
    scanYamlScalars(text, (path, value) => {
      if (path[0] === 'packages' && path.length === 3) {
        if (path[2] === 'version') versions.set(path[1]!, value);
        else if (path[2] === 'source' && value === 'sdk') sdkPackages.add(path[1]!);
      } else if (path[0] === 'sdks' && path.length === 2) sdks.set(path[1]!, value);
    });
  } catch {
    return NO_LOCK;
  }
  for (const name of sdkPackages) versions.delete(name);
  for (const [name, constraint] of sdks) versions.set(name, constraint);
  return {
    version: (_importer, name) => versions.get(name),
    hasImporter: () => versions.size > 0,
  };
}
