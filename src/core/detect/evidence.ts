/**
 * What detection knows about a project: plain data, read from disk by read.ts and matched
 * against the registry's hints by match.ts, so matching is testable without any files.
 */
export type Ecosystem = 'npm' | 'pypi' | 'go' | 'maven' | 'pub';

/** Package ecosystems in the order version sources are looked up. */
export const ECOSYSTEMS: readonly Ecosystem[] = ['npm', 'pypi', 'go', 'maven', 'pub'];

/** The version of one dependency in use in a package, and where it was read. */
export interface DependencyVersion {
  /** Undefined when the package is declared but no version can be known (`*`, a git URL, a managed version). */
  major?: number;
  /** The version or range read, e.g. `13.3.2-canary.13` or `^13.3.0`. */
  text?: string;
  /** Project-relative file it was read from. */
  file: string;
}

export type DependencyVersions = Partial<Record<Ecosystem, Record<string, DependencyVersion>>>;

export interface Dependencies {
  npm: string[];
  /** Normalised (PEP 503) distribution names. */
  pypi: string[];
  /** Go module paths. */
  go: string[];
  /** `group:artifact` coordinates and Gradle plugin ids. */
  maven: string[];
  /** Dart packages of pubspec.yaml. */
  pub?: string[];
}

export interface PackageEvidence {
  /** Project-relative POSIX folder; `.` is the project root. */
  dir: string;
  /** The name its manifest gives it. */
  name?: string;
  /** Manifest files found in the folder, e.g. `package.json`, `requirements-dev.txt`. */
  manifests: string[];
  deps: Dependencies;
  /** Files below the folder (relative to it), except those of nested packages. */
  files: string[];
  /** Text of the files that `contents` hints look into, by path relative to the folder. */
  texts: Record<string, string>;
  /** Version in use per dependency: from the lockfile when there is one, else the manifest's range. */
  versions?: DependencyVersions;
  /** npm packages named only as devDependencies. */
  devOnly?: string[];
}

export interface ProjectEvidence {
  /** The root first, then workspace packages in path order. */
  packages: PackageEvidence[];
  /** True when the project was too large to list completely. */
  truncated: boolean;
}

export function emptyDependencies(): Dependencies {
  return { npm: [], pypi: [], go: [], maven: [] };
}

/** A package's file path relative to the project root. */
export function projectPath(pkg: Pick<PackageEvidence, 'dir'>, file: string): string {
  return pkg.dir === '.' ? file : `${pkg.dir}/${file}`;
}
