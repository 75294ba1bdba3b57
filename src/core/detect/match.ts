import type { Catalog } from '../library/model.js';
import type { DetectData } from '../library/schema.js';
import type { PackageEvidence, ProjectEvidence } from './evidence.js';
import { isGlob, matchesGlob } from './glob.js';
import { normalisePypi } from './manifests.js';

/**
 * Matching the registry's `detect` hints against evidence: no disk access, so every rule here
 * is tested on plain objects.
 */

/** A variant value of a role found in a package, with the evidence that selected it. */
export interface Finding {
  role: string;
  variant: string;
  value: string;
  /** The package folder (`.` for the root). */
  package: string;
  because: string[];
  /** The major in use, when the package's lockfile or manifest says. */
  version?: number;
}

function npmMatches(hint: string, name: string): boolean {
  return isGlob(hint) ? matchesGlob(name, hint) : hint === name;
}

/** Sub-packages of a Go module count: `github.com/aws/aws-sdk-go-v2/service/s3` uses `.../aws-sdk-go-v2`. */
function goMatches(hint: string, module: string): boolean {
  return module === hint || module.startsWith(`${hint}/`);
}

/** A hint is `group:artifact`, or a group (prefix) that covers its sub-groups, or a plugin id. */
function mavenMatches(hint: string, coordinate: string): boolean {
  if (hint.includes(':')) return coordinate === hint;
  const group = coordinate.split(':')[0]!;
  return group === hint || group.startsWith(`${hint}.`);
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

/** Why `hints` apply to this package, one line per piece of evidence; empty when they do not or `unless` vetoes them. */
export function matchHints(hints: DetectData, pkg: PackageEvidence): string[] {
  if (hints.unless && evidenceFor(hints.unless, pkg).length > 0) return [];
  return evidenceFor(hints, pkg);
}

function evidenceFor(hints: Omit<DetectData, 'unless'>, pkg: PackageEvidence): string[] {
  const because: string[] = [];
  for (const hint of hints.npm ?? []) {
    for (const dep of pkg.deps.npm) if (npmMatches(hint, dep)) because.push(`npm ${dep}`);
  }
  for (const hint of hints.pypi ?? []) {
    if (pkg.deps.pypi.includes(normalisePypi(hint))) because.push(`pypi ${normalisePypi(hint)}`);
  }
  for (const hint of hints.go ?? []) {
    const dep = pkg.deps.go.find((m) => goMatches(hint, m));
    if (dep) because.push(`go ${dep}`);
  }
  for (const hint of hints.maven ?? []) {
    const dep = pkg.deps.maven.find((c) => mavenMatches(hint, c));
    if (dep) because.push(`maven ${dep}`);
  }
  for (const glob of hints.files ?? []) {
    const found = pkg.files.filter((f) => matchesGlob(f, glob));
    if (found.length > 0) because.push(`file ${found[0]}${found.length > 1 ? ` (+${found.length - 1} more)` : ''}`);
  }
  for (const hint of hints.pub ?? []) {
    if (pkg.deps.pub?.includes(hint)) because.push(`pub ${hint}`);
  }
  for (const { file, pattern } of hints.contents ?? []) {
    const re = new RegExp(pattern, 'm');
    for (const [path, text] of Object.entries(pkg.texts)) {
      if (!matchesGlob(path, file)) continue;
      const match = re.exec(text);
      if (match) because.push(`${path}: ${shorten(match[0])}`);
    }
  }
  return [...new Set(because)];
}

/** Every variant value of every role whose hints match a package, in registry order. */
export function findStack(catalog: Catalog, evidence: ProjectEvidence): Finding[] {
  const findings: Finding[] = [];
  for (const role of Object.values(catalog.roles)) {
    for (const variant of Object.values(role.variants)) {
      for (const value of Object.values(variant.values)) {
        if (!value.detect) continue;
        for (const pkg of evidence.packages) {
          const because = matchHints(value.detect, pkg);
          if (because.length > 0) findings.push({ role: role.name, variant: variant.name, value: value.name, package: pkg.dir, because });
        }
      }
    }
  }
  return findings;
}

/** The globs of files whose text some hint looks into: the reader reads only those. */
export function contentGlobs(catalog: Catalog): string[] {
  const globs = new Set<string>();
  const add = (hints?: DetectData) => {
    for (const c of [...(hints?.contents ?? []), ...(hints?.unless?.contents ?? [])]) globs.add(c.file);
  };
  for (const role of Object.values(catalog.roles)) {
    add(role.propose?.detect);
    for (const variant of Object.values(role.variants)) for (const value of Object.values(variant.values)) add(value.detect);
  }
  return [...globs];
}
