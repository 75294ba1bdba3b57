import { closeSync, constants, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join, posix } from 'node:path';
import { emptyDependencies, projectPath, type PackageEvidence, type ProjectEvidence } from './evidence.js';
import { isGlob, matchesGlob } from './glob.js';
import {
  parseGoMod,
  parseGradle,
  parseLernaJson,
  parsePackageJson,
  parsePipfile,
  parsePnpmWorkspace,
  parsePom,
  parsePyproject,
  parseRequirements,
  parseVersionCatalog,
  type ManifestInfo,
} from './manifests.js';

export interface ReadOptions {
  /** Globs (relative to a package) of files whose text `contents` hints look into. */
  contentGlobs?: string[];
  maxEntries?: number;
  maxDepth?: number;
}

/**
 * Folders that hold installed dependencies, caches, build output or test data: never the
 * project's own stack (a fixture's Dockerfile does not make a project containerised).
 */
const SKIPPED_FOLDERS = new Set([
  'node_modules', '.git', '.hg', '.svn', '.claude', '.venv', 'venv', '__pycache__', '.tox', '.mypy_cache', '.pytest_cache',
  '.ruff_cache', 'dist', 'build', 'out', 'target', 'vendor', 'coverage', '.next', '.nuxt', '.output', '.svelte-kit',
  '.turbo', '.nx', '.cache', '.parcel-cache', '.gradle', '.idea', '.terraform', '.serverless', 'bower_components',
  'fixtures', '__fixtures__', 'testdata',
]);

interface ManifestKind {
  pattern: string;
  parse?: (text: string) => ManifestInfo;
  /** Whether the file makes its folder a package of its own. */
  marksPackage: boolean;
}

const MANIFESTS: ManifestKind[] = [
  { pattern: 'package.json', parse: parsePackageJson, marksPackage: true },
  { pattern: 'pyproject.toml', parse: parsePyproject, marksPackage: true },
  { pattern: 'Pipfile', parse: parsePipfile, marksPackage: true },
  { pattern: 'requirements*.txt', parse: parseRequirements, marksPackage: true },
  { pattern: 'requirements/*.txt', parse: parseRequirements, marksPackage: false },
  { pattern: 'setup.py', marksPackage: true },
  { pattern: 'go.mod', parse: parseGoMod, marksPackage: true },
  { pattern: 'pom.xml', parse: parsePom, marksPackage: true },
  { pattern: 'build.gradle{,.kts}', parse: parseGradle, marksPackage: true },
  { pattern: 'gradle/libs.versions.toml', parse: parseVersionCatalog, marksPackage: false },
  { pattern: 'Cargo.toml', marksPackage: true },
  { pattern: 'Gemfile', marksPackage: true },
  { pattern: 'composer.json', marksPackage: true },
];

/** Where monorepo tools keep packages when the layout is not declared as workspaces. */
const CONVENTIONAL_WORKSPACES = ['apps/*', 'packages/*', 'libs/*', 'services/*'];
const MONOREPO_MARKERS = ['nx.json', 'turbo.json', 'lerna.json', 'rush.json'];

const MAX_FILE_BYTES = 512 * 1024;

interface Listing {
  files: string[];
  truncated: boolean;
}

function listProject(root: string, maxEntries: number, maxDepth: number): Listing {
  const files: string[] = [];
  const queue: Array<[string, number]> = [['', 0]];
  let entries = 0;
  while (queue.length > 0) {
    const [dir, depth] = queue.shift()!;
    let dirents;
    try {
      dirents = readdirSync(join(root, dir), { withFileTypes: true });
    } catch {
      continue;
    }
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of dirents) {
      if ((entries += 1) > maxEntries) return { files, truncated: true };
      const rel = dir ? `${dir}/${d.name}` : d.name;
      // Dirent types come from lstat: a symbolic link is neither a file nor a folder here.
      if (d.isFile()) files.push(rel);
      else if (d.isDirectory() && !SKIPPED_FOLDERS.has(d.name)) {
        if (depth + 1 < maxDepth) queue.push([rel, depth + 1]);
      }
    }
  }
  return { files, truncated: false };
}

/** A file's text, refusing links even if one appeared since the listing; undefined when unreadable. */
function readProjectFile(root: string, path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(join(root, path), constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    const stat = fstatSync(fd);
    if (!stat.isFile()) return undefined;
    const buffer = Buffer.alloc(Math.min(stat.size, MAX_FILE_BYTES));
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function manifestKind(file: string): ManifestKind | undefined {
  return MANIFESTS.find((m) => matchesGlob(file, m.pattern));
}

function workspacePatterns(root: string, files: Set<string>): string[] {
  const patterns: string[] = [];
  const sources: Array<[string, (text: string) => ManifestInfo]> = [
    ['package.json', parsePackageJson],
    ['pnpm-workspace.yaml', parsePnpmWorkspace],
    ['lerna.json', parseLernaJson],
  ];
  for (const [file, parse] of sources) {
    if (!files.has(file)) continue;
    const text = readProjectFile(root, file);
    if (text !== undefined) patterns.push(...(parse(text).workspaces ?? []));
  }
  if (patterns.length === 0 && MONOREPO_MARKERS.some((m) => files.has(m))) patterns.push(...CONVENTIONAL_WORKSPACES);
  return patterns.map((p) => p.replace(/^\.\//, '').replace(/\/+$/, ''));
}

/**
 * Package folders: those a workspace pattern names, and every folder right below the root,
 * each only if it holds a manifest (a repo with `client/` and `server/` is a monorepo too).
 */
function packageDirs(files: string[], patterns: string[]): string[] {
  const include = patterns.filter((p) => !p.startsWith('!'));
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  const dirs = new Set<string>();
  for (const file of files) {
    const dir = posix.dirname(file);
    if (dir === '.' || !manifestKind(posix.basename(file))?.marksPackage) continue;
    const named = include.some((p) => matchesGlob(dir, p)) && !exclude.some((p) => matchesGlob(dir, p));
    if (named || !dir.includes('/')) dirs.add(dir);
  }
  return [...dirs].sort();
}

function readPackage(root: string, dir: string, files: string[], contentGlobs: string[]): PackageEvidence {
  const pkg: PackageEvidence = { dir, manifests: [], deps: emptyDependencies(), files, texts: {} };
  const at = (file: string) => projectPath(pkg, file);
  const deps = { npm: new Set<string>(), pypi: new Set<string>(), go: new Set<string>(), maven: new Set<string>() };
  for (const file of files) {
    const kind = manifestKind(file);
    if (!kind) continue;
    pkg.manifests.push(file);
    if (!kind.parse) continue;
    const text = readProjectFile(root, at(file));
    if (text === undefined) continue;
    const info = kind.parse(text);
    pkg.name ??= info.name;
    for (const key of ['npm', 'pypi', 'go', 'maven'] as const) for (const name of info[key] ?? []) deps[key].add(name);
  }
  pkg.deps = { npm: [...deps.npm], pypi: [...deps.pypi], go: [...deps.go], maven: [...deps.maven] };
  for (const glob of contentGlobs) {
    const matching = isGlob(glob) ? files.filter((f) => matchesGlob(f, glob)).slice(0, 10) : files.includes(glob) ? [glob] : [];
    for (const file of matching) {
      const text = readProjectFile(root, at(file));
      if (text !== undefined) pkg.texts[file] = text;
    }
  }
  return pkg;
}

/**
 * Reads a project folder into ProjectEvidence. It lists files breadth-first within fixed bounds,
 * never follows a symbolic link (so it cannot leave the project), skips dependency and build
 * output folders, and reads only manifests and the files the registry's `contents` hints name.
 */
export function readEvidence(root: string, options: ReadOptions = {}): ProjectEvidence {
  const { files, truncated } = listProject(root, options.maxEntries ?? 20_000, options.maxDepth ?? 8);
  const dirs = packageDirs(files, workspacePatterns(root, new Set(files)));
  // Deepest first, so a file belongs to the innermost package that holds it.
  const byDepth = [...dirs].sort((a, b) => b.length - a.length);
  const owned = new Map<string, string[]>([['.', []], ...dirs.map((d) => [d, []] as [string, string[]])]);
  for (const file of files) {
    const dir = byDepth.find((d) => file.startsWith(`${d}/`)) ?? '.';
    owned.get(dir)!.push(dir === '.' ? file : file.slice(dir.length + 1));
  }
  const contentGlobs = options.contentGlobs ?? [];
  return {
    packages: ['.', ...dirs].map((dir) => readPackage(root, dir, owned.get(dir)!, contentGlobs)),
    truncated,
  };
}
