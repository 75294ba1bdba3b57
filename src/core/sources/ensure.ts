import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LockData, LockSourceData } from '../apply/lock-schema.js';
import { failure } from '../errors.js';
import { own } from '../own.js';
import { LOCK_FILE, TEAM_FILE } from '../paths.js';
import type { Trust } from '../scan/index.js';
import { gitSources, type GitSourceData, type TeamData } from '../team/schema.js';
import { treesDir } from './cache.js';
import { checkAllow, checkSource, type SourceCheck, type SourceFinding } from './check.js';
import { commitsBetween, fetchCommit, movedForward, resolveRef } from './fetch.js';
import { prepareSource, readLayout, type PreparedSource, type SourceLayout } from './layout.js';
import { locateSource } from './spec.js';
import { unpackTree, type SourceTree } from './tree.js';

/**
 * Every git source of a team, on this machine at the commit it is pinned to, checked and ready
 * for the catalog. A pinned commit is used as it is: from the cache, or fetched by its id and
 * checked file by file against the lockfile. A source without a pin (or whose URL or ref changed
 * in the team file) is resolved and pinned, unless the install is frozen; an update moves the
 * named sources to what their refs name now, refusing a ref whose history was rewritten. Every
 * source is scanned, and one whose findings block at its trust level stops everything.
 */
export interface EnsureOptions {
  /** A frozen install: only what the lockfile pins, exactly. */
  frozen?: boolean;
  /** Sources to move to what their ref names now. */
  update?: ReadonlySet<string>;
  /** Accept an update whose ref's history was rewritten. */
  force?: boolean;
}

export interface ReadySource {
  name: string;
  entry: GitSourceData;
  trust: Trust;
  pin: LockSourceData;
  previous?: LockSourceData;
  /** The commit was resolved from the ref in this run (a new source, a new ref, an update). */
  resolved: boolean;
  /** Commits between the previous pin and this one, when an update moved it forward. */
  commits?: number;
  prepared: PreparedSource;
  layout: SourceLayout;
  tree: SourceTree;
  check: SourceCheck;
  /** Submodules, dropped links and left-out folders. */
  notes: string[];
}

export interface EnsuredSources {
  sources: ReadySource[];
  pins: Record<string, LockSourceData>;
  /** Prepared library folder of each source, for the catalog. */
  dirs: Record<string, string>;
}

export const DEFAULT_TRUST: Trust = 'untrusted';

export function findingLine(f: SourceFinding): string {
  return `${f.file}:${f.line} ${f.severity} ${f.rule}: ${f.message}${f.allowed ? ' (allowed)' : ''}`;
}

function sameFiles(a: Record<string, string>, b: Record<string, string>): string[] {
  const differ: string[] = [];
  for (const path of new Set([...Object.keys(a), ...Object.keys(b)])) if (own(a, path) !== own(b, path)) differ.push(path);
  return differ.sort();
}

export function ensureSources(root: string, team: TeamData, lock: LockData | undefined, options: EnsureOptions = {}): EnsuredSources {
  const out: EnsuredSources = { sources: [], pins: {}, dirs: {} };
  for (const entry of gitSources(team)) {
    const ready = ensureOne(root, entry, own(lock?.sources ?? {}, entry.name), options);
    out.sources.push(ready);
    out.pins[entry.name] = ready.pin;
    out.dirs[entry.name] = ready.prepared.dir;
  }
  return out;
}

function ensureOne(root: string, entry: GitSourceData, previous: LockSourceData | undefined, options: EnsureOptions): ReadySource {
  const what = `Source "${entry.name}"`;
  const location = locateSource(entry.url, root);
  const ref = entry.ref ?? 'HEAD';
  const trust = entry.trust ?? DEFAULT_TRUST;
  const allow = checkAllow(entry.allow ?? []);
  const samePlace = previous !== undefined && previous.url === entry.url && previous.ref === ref;
  if (options.frozen && !samePlace) {
    throw failure(
      'lockfile-outdated',
      previous ? `${what} names ${entry.url}#${ref} in ${TEAM_FILE}, but ${LOCK_FILE} pins ${previous.url}#${previous.ref}: a frozen install refuses to change it.` : `${what} is in ${TEAM_FILE} but not pinned in ${LOCK_FILE}: a frozen install refuses to pin it.`,
      `Sync where the team is edited, and commit ${LOCK_FILE} with it.`,
    );
  }

  let commit: string;
  let gitDir: string;
  let resolved = false;
  let commits: number | undefined;
  if (!samePlace || options.update?.has(entry.name)) {
    ({ gitDir, commit } = resolveRef(location, ref, what));
    resolved = true;
    if (samePlace && commit !== previous!.commit) {
      if (!options.force && !movedForward(location, previous!.commit, commit)) {
        throw failure(
          'source-ref-rewritten',
          `${what}: ${ref} was rewritten (force-pushed): the pinned commit ${previous!.commit.slice(0, 12)} is not in the history of ${commit.slice(0, 12)}, which it names now.`,
          'Nothing was changed. Review what the source changed; if you accept it, update again with --force.',
          undefined,
          { source: entry.name, from: previous!.commit, to: commit },
        );
      }
      commits = commitsBetween(gitDir, previous!.commit, commit);
    }
  } else {
    commit = previous!.commit;
    const cached = existsSync(join(treesDir(), commit, 'manifest.json'));
    gitDir = cached ? '' : fetchCommit(location, commit, what);
  }

  const tree = unpackTree(gitDir, commit, what);
  if (previous && commit === previous.commit) {
    const differ = sameFiles(tree.files, previous.files);
    if (differ.length > 0) {
      throw failure(
        'source-files-differ',
        `${what}: the files of commit ${commit.slice(0, 12)} are not the ones ${LOCK_FILE} records.`,
        `The lockfile was edited by hand or is damaged: restore it from git, or update the source to pin it again.`,
        differ.slice(0, 20),
      );
    }
  }

  const layout = readLayout(tree.dir);
  if (layout.problems.length > 0) {
    throw failure('source-invalid', `${what} at ${commit.slice(0, 12)} cannot be used:`, 'Fix the source repository (its skills-registry.yaml or its skill folders).', layout.problems.slice(0, 30));
  }
  const check = checkSource(tree.dir, layout, trust, allow);
  if (check.blocking.length > 0) {
    throw failure(
      'source-blocked',
      `${what} at ${commit.slice(0, 12)} has scan findings that block it at trust level ${trust}:`,
      `Nothing was installed. Read each finding in the source; accept one by naming it with --allow <rule>[:<file>] (kept in the source's allow list in ${TEAM_FILE}), or change the source's trust.`,
      check.blocking.slice(0, 50).map(findingLine),
      { source: entry.name, commit, trust, findings: check.blocking },
    );
  }
  const prepared = prepareSource(tree.dir, entry.name, layout);
  const notes = [
    ...tree.skipped.map((p) => `${p}: a submodule, not fetched`),
    ...layout.notes,
  ];
  return {
    name: entry.name,
    entry,
    trust,
    pin: { url: entry.url, ref, commit, files: tree.files },
    previous,
    resolved,
    commits,
    prepared,
    layout,
    tree,
    check,
    notes,
  };
}
