import { closeSync, constants, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join, posix } from 'node:path';
import { projectPath, type Ecosystem, type PackageEvidence, type ProjectEvidence } from './evidence.js';
import { isGlob, matchesGlob } from './glob.js';
import { parseLernaJson, parsePnpmWorkspace, type ManifestInfo } from './manifests.js';
import { at, manifestKind, packageDependencies, ProjectFiles } from './package-deps.js';

export interface ReadOptions {
  /** Globs (relative to a package) of files whose text `contents` hints look into. */
  contentGlobs?: string[];
  /** Packages whose installed version a registry value names as its version source. */
  versionNames?: Partial<Record<Ecosystem, string[]>>;
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

/** Where monorepo tools keep packages when the layout is not declared as workspaces. */
const CONVENTIONAL_WORKSPACES = ['apps/*', 'packages/*', 'libs/*', 'services/*'];
const MONOREPO_MARKERS = ['nx.json', 'turbo.json', 'lerna.json', 'rush.json'];

const MAX_FILE_BYTES = 512 * 1024;
/** Lockfiles run large; past this size the manifest's ranges are used instead. */
const MAX_LOCK_BYTES = 16 * 1024 * 1024;
const LOCK_NAMES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock', 'poetry.lock', 'uv.lock', 'pdm.lock', 'Pipfile.lock', 'pubspec.lock']);

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
export function readProjectFile(root: string, path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(join(root, path), constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    const stat = fstatSync(fd);
    if (!stat.isFile()) return undefined;
    const limit = LOCK_NAMES.has(posix.basename(path)) ? MAX_LOCK_BYTES : MAX_FILE_BYTES;
    // A file cut short would parse as something it is not.
    if (stat.size > limit) return undefined;
    const buffer = Buffer.alloc(stat.size);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Workspace patterns a package folder declares for folders below it, relative to the project root. */
function declaredBelow(files: ProjectFiles, dir: string, listed: Set<string>): string[] {
  const patterns: string[] = [];
  for (const file of ['package.json', 'pnpm-workspace.yaml', 'lerna.json', 'pom.xml', 'settings.gradle', 'settings.gradle.kts', 'pyproject.toml']) {
    const path = at(dir, file);
    if (!listed.has(path)) continue;
    const kind: ((text: string) => ManifestInfo) | undefined = file === 'pnpm-workspace.yaml' ? parsePnpmWorkspace : file === 'lerna.json' ? parseLernaJson : manifestKind(file)?.parse;
    if (!kind) continue;
    for (const p of files.info(path, kind).workspaces ?? []) {
      const pattern = p.replace(/^\.\//, '').replace(/\/+$/, '');
      const negated = pattern.startsWith('!');
      const body = negated ? pattern.slice(1) : pattern;
      const joined = posix.normalize(dir === '.' ? body : `${dir}/${body}`);
      if (joined.startsWith('..') || posix.isAbsolute(joined)) continue;
      patterns.push(negated ? `!${joined}` : joined);
    }
  }
  if (dir === '.' && patterns.length === 0 && MONOREPO_MARKERS.some((m) => listed.has(m))) patterns.push(...CONVENTIONAL_WORKSPACES);
  return patterns;
}

function ecosystemsOf(manifests: string[]): Set<Ecosystem | 'other'> {
  return new Set(manifests.map((m) => manifestKind(m)?.ecosystem ?? 'other'));
}

/** Folders made by a template tool (`{{ cookiecutter.name }}`, `<%= name %>`) are not packages of this project. */
function isTemplatePath(dir: string): boolean {
  return /\{\{|\{%|<%/.test(dir);
}

/** An app's native projects (`android/`, `ios/` of React Native, Flutter, Capacitor) belong to the app. */
const PLATFORM_FOLDERS = new Set(['android', 'ios']);

/**
 * Package folders, shallowest first: a folder with a manifest is a package when a workspace,
 * Maven module or Gradle include names it, when no package holds it, when it sits right below
 * the root, or when its manifests are of another ecosystem than the package around it (a Node
 * tool inside a Python backend). A same-ecosystem manifest deeper inside a package that does not
 * declare it is the package's content (tutorial templates, examples), and so are `android/` and
 * `ios/` of an app.
 */
function packageDirs(files: ProjectFiles, listed: Set<string>, all: string[]): string[] {
  const marking = new Map<string, string[]>();
  for (const file of all) {
    const dir = posix.dirname(file);
    if (!manifestKind(posix.basename(file))?.marksPackage) continue;
    marking.set(dir, [...(marking.get(dir) ?? []), posix.basename(file)]);
  }
  const rootIsPackage = marking.has('.');
  const declared = declaredBelow(files, '.', listed);
  const accepted: string[] = [];
  const candidates = [...marking.keys()].filter((d) => d !== '.').sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
  for (const dir of candidates) {
    if (isTemplatePath(dir)) continue;
    const enclosing = [...accepted].reverse().find((a) => dir.startsWith(`${a}/`)) ?? (rootIsPackage ? '.' : undefined);
    const inside = enclosing === undefined ? [] : (enclosing === '.' ? dir : dir.slice(enclosing.length + 1)).split('/');
    if (inside.some((segment) => PLATFORM_FOLDERS.has(segment))) continue;
    const include = declared.filter((p) => !p.startsWith('!'));
    const exclude = declared.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
    const named = include.some((p) => matchesGlob(dir, p)) && !exclude.some((p) => matchesGlob(dir, p));
    const own = ecosystemsOf(marking.get(dir)!);
    const around = enclosing === undefined ? new Set() : ecosystemsOf(marking.get(enclosing) ?? []);
    const otherEcosystem = [...own].every((e) => !around.has(e));
    if (!(named || enclosing === undefined || !dir.includes('/') || otherEcosystem)) continue;
    accepted.push(dir);
    declared.push(...declaredBelow(files, dir, listed));
  }
  return accepted.sort();
}

function readPackage(files: ProjectFiles, dir: string, owned: string[], options: ReadOptions): PackageEvidence {
  const manifests = owned.filter((file) => manifestKind(file));
  const found = packageDependencies(files, dir, manifests, options.versionNames);
  const pkg: PackageEvidence = {
    dir,
    name: found.name,
    manifests,
    deps: found.deps,
    files: owned,
    texts: {},
    versions: found.versions,
    devOnly: found.devOnly,
  };
  for (const glob of options.contentGlobs ?? []) {
    const matching = isGlob(glob) ? owned.filter((f) => matchesGlob(f, glob)).slice(0, 10) : owned.includes(glob) ? [glob] : [];
    for (const file of matching) {
      const text = files.text(projectPath(pkg, file));
      if (text !== undefined) pkg.texts[file] = text;
    }
  }
  return pkg;
}

/**
 * Reads a project folder into ProjectEvidence. It lists files breadth-first within fixed bounds,
 * never follows a symbolic link (so it cannot leave the project), skips dependency and build
 * output folders, and reads only manifests, lockfiles and the files the registry's `contents` hints name.
 */
export function readEvidence(root: string, options: ReadOptions = {}): ProjectEvidence {
  const { files: all, truncated } = listProject(root, options.maxEntries ?? 20_000, options.maxDepth ?? 8);
  const listed = new Set(all);
  const files = new ProjectFiles({ text: (path) => (listed.has(path) ? readProjectFile(root, path) : undefined), has: (path) => listed.has(path) });
  const dirs = packageDirs(files, listed, all);
  // A file belongs to the innermost package that holds it: the first package folder on its way up.
  const owned = new Map<string, string[]>([['.', []], ...dirs.map((d) => [d, []] as [string, string[]])]);
  for (const file of all) {
    let dir = posix.dirname(file);
    while (dir !== '.' && !owned.has(dir)) dir = posix.dirname(dir);
    owned.get(dir)!.push(dir === '.' ? file : file.slice(dir.length + 1));
  }
  return {
    packages: ['.', ...dirs].map((dir) => readPackage(files, dir, owned.get(dir)!, options)),
    truncated,
  };
}
