/**
 * What detection knows about a project: plain data, read from disk by read.ts and matched
 * against the registry's hints by match.ts, so matching is testable without any files.
 */
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
