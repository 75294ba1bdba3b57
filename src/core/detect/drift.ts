import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { Catalog, CatalogVariantValue } from '../library/model.js';
import { own } from '../own.js';
import type { TeamAgent } from '../team/team-file.js';
import type { PackageEvidence } from './evidence.js';
import { valueVersion, versionNames } from './match.js';
import { at, manifestKind, packageDependencies, ProjectFiles, type FileSource } from './package-deps.js';
import { readProjectFile } from './read.js';

/**
 * Version drift of an existing team: the majors its agents record against what the project's
 * lockfiles and manifests say now. Only the folders an agent owns (or the root) are read — their
 * own manifests and the lockfiles above them — never the whole tree, so `doctor` and `sync`
 * stay fast in a large monorepo.
 */

export interface FoundVersion {
  major: number;
  /** Project-relative file the major was read from. */
  file: string;
}

export interface VersionDrift {
  agent: string;
  value: string;
  title: string;
  recorded: number;
  found: number;
  file: string;
}

/** Subfolders that hold manifests of the folder above (requirements/*.txt, gradle/libs.versions.toml). */
const SUBFOLDER_MANIFESTS = ['requirements', 'gradle'];

/** A project file reader that stays inside the root and never follows a link. */
function projectSource(root: string): FileSource {
  const realRoot = realpathSync(root);
  const inside = (path: string) => !path.split('/').some((s) => s === '..' || s === '') && !posix.isAbsolute(path);
  return {
    text: (path) => (inside(path) ? readProjectFile(realRoot, path) : undefined),
    has: (path) => {
      if (!inside(path)) return false;
      try {
        // Every folder on the way must be a real folder, not a link out of the project.
        const parts = path.split('/');
        for (let i = 1; i < parts.length; i += 1) if (!lstatSync(join(realRoot, ...parts.slice(0, i))).isDirectory()) return false;
        return lstatSync(join(realRoot, path)).isFile();
      } catch {
        return false;
      }
    },
  };
}

/** A folder of the project reached without passing a link. */
function isRealFolder(root: string, dir: string): boolean {
  if (dir === '.') return true;
  try {
    const parts = dir.split('/');
    return parts.every((_, i) => lstatSync(join(root, ...parts.slice(0, i + 1))).isDirectory());
  } catch {
    return false;
  }
}

/** The manifest files of one folder, relative to it: its own entries and the few known subfolders. */
function manifestsIn(root: string, dir: string): string[] {
  const list = (sub: string): string[] => {
    if (!isRealFolder(root, [dir, sub].filter((p) => p && p !== '.').join('/') || '.')) return [];
    try {
      return readdirSync(join(root, dir === '.' ? '' : dir, sub), { withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) => (sub ? `${sub}/${d.name}` : d.name));
    } catch {
      return [];
    }
  };
  return [...list(''), ...SUBFOLDER_MANIFESTS.flatMap(list)].filter((f) => manifestKind(f)).sort();
}

function values(catalog: Catalog, agent: TeamAgent): CatalogVariantValue[] {
  const role = own(catalog.roles, agent.role);
  if (!role) return [];
  return Object.entries(agent.variants).flatMap(([variant, names]) => {
    const v = own(role.variants, variant);
    return v ? names.flatMap((n) => own(v.values, n) ?? []) : [];
  });
}

/** The majors the project's files state now for an agent's selected values, from the first of its folders that states each. */
export function foundVersions(root: string, catalog: Catalog, agent: TeamAgent, files = new ProjectFiles(projectSource(root))): Record<string, FoundVersion> {
  const extra = versionNames(catalog);
  const found: Record<string, FoundVersion> = {};
  const selected = values(catalog, agent);
  for (const dir of agent.paths.length > 0 ? agent.paths : ['.']) {
    const folder = dir.replace(/^\.\//, '').replace(/\/+$/, '') || '.';
    // Only folders inside the project are listed (the team file's schema refuses others too).
    if (folder !== '.' && (posix.isAbsolute(folder) || folder.split('/').some((s) => s === '..' || s === '' || s === '.'))) continue;
    const manifests = manifestsIn(root, folder).filter((m) => files.has(at(folder, m)));
    if (manifests.length === 0) continue;
    const deps = packageDependencies(files, folder, manifests, extra);
    const pkg: PackageEvidence = { dir: folder, name: deps.name, manifests, deps: deps.deps, files: manifests, texts: {}, versions: deps.versions };
    for (const value of selected) {
      if (Object.hasOwn(found, value.name)) continue;
      const { major, file } = valueVersion(value, pkg);
      if (major !== undefined && file) found[value.name] = { major, file };
    }
  }
  return found;
}

/** Recorded majors that differ from what the files say now, agent by agent. */
export function versionDrift(root: string, catalog: Catalog, agents: TeamAgent[]): VersionDrift[] {
  const files = new ProjectFiles(projectSource(root));
  const drift: VersionDrift[] = [];
  for (const agent of agents) {
    const recorded = Object.entries(agent.versions);
    if (recorded.length === 0) continue;
    const found = foundVersions(root, catalog, agent, files);
    const titles = new Map(values(catalog, agent).map((v) => [v.name, v.title]));
    for (const [value, major] of recorded) {
      const now = Object.hasOwn(found, value) ? found[value] : undefined;
      if (now && now.major !== major) drift.push({ agent: agent.name, value, title: titles.get(value) ?? value, recorded: major, found: now.major, file: now.file });
    }
  }
  return drift;
}
