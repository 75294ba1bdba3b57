import { existsSync } from 'node:fs';
import { failure } from '../errors.js';
import { repositoryDir } from './cache.js';
import { classifyGitError, git, GitError, gitFailure } from './git.js';
import type { SourceLocation } from './spec.js';

/**
 * Getting commits of a source into its bare repository in the cache. A ref is resolved by the
 * remote (`git fetch <url> <ref>`: branches, tags, `HEAD`, or a full commit id); a pinned commit
 * is fetched by its id, which fails plainly when the remote no longer has it.
 */
const FETCHED = 'refs/agent-team/fetched';
const COMMIT = /^[a-f0-9]{40}$/;

function repository(location: SourceLocation): string {
  const dir = repositoryDir(location.url);
  if (!existsSync(dir)) git(['init', '--bare', '--quiet', dir]);
  return dir;
}

function has(gitDir: string, commit: string): boolean {
  try {
    git(['cat-file', '-e', `${commit}^{commit}`], { gitDir });
    return true;
  } catch (err) {
    if (err instanceof GitError) return false;
    throw err;
  }
}

function fetchInto(gitDir: string, location: SourceLocation, src: string): void {
  git(['fetch', '--quiet', '--no-tags', '--no-recurse-submodules', '--no-write-fetch-head', '--end-of-options', location.url, `+${src}:${FETCHED}`], { gitDir, protocols: location.protocols });
}

/** The commit a ref names now, fetched with its history. */
export function resolveRef(location: SourceLocation, ref: string, what: string): { gitDir: string; commit: string } {
  const gitDir = repository(location);
  try {
    fetchInto(gitDir, location, ref);
  } catch (err) {
    if (!(err instanceof GitError)) throw err;
    if (classifyGitError(err) === 'missing-ref') {
      throw failure('source-ref-missing', `${what}: ${location.url} has no branch, tag or commit "${ref}".`, 'Check the name: a commit must be given as its full 40-character id.', undefined, { ref });
    }
    throw gitFailure(err, `${what}: cannot fetch ${ref} from ${location.url}`, location.url);
  }
  const commit = git(['rev-parse', '--verify', '--quiet', `${FETCHED}^{commit}`], { gitDir }).toString('utf8').trim();
  if (!COMMIT.test(commit)) throw failure('source-ref-missing', `${what}: "${ref}" in ${location.url} does not name a commit.`, 'Name a branch, a tag or a commit.');
  return { gitDir, commit };
}

/** Makes sure the pinned commit is in the cache, fetching it by its id when it is not. */
export function fetchCommit(location: SourceLocation, commit: string, what: string): string {
  const gitDir = repository(location);
  if (has(gitDir, commit)) return gitDir;
  try {
    fetchInto(gitDir, location, commit);
  } catch (err) {
    if (!(err instanceof GitError)) throw err;
    if (classifyGitError(err) === 'missing-ref') {
      throw failure(
        'source-commit-missing',
        `${what}: the pinned commit ${commit} is no longer in ${location.url} (the ref was probably force-pushed and the old commit deleted).`,
        'Ask whoever maintains the source what happened; to move to what the ref names now, review it and update the source (agent-team source update), then commit the new lockfile.',
        undefined,
        { commit },
      );
    }
    throw gitFailure(err, `${what}: cannot fetch commit ${commit.slice(0, 12)} from ${location.url}`, location.url);
  }
  if (!has(gitDir, commit)) throw failure('source-commit-missing', `${what}: ${location.url} did not send commit ${commit}.`, 'Check the source repository.');
  return gitDir;
}

/** True when `older` is in the history of `newer`: the ref moved forward rather than being rewritten. */
export function movedForward(location: SourceLocation, older: string, newer: string): boolean {
  const gitDir = repository(location);
  if (!has(gitDir, older)) {
    try {
      fetchInto(gitDir, location, older);
    } catch (err) {
      if (err instanceof GitError) return false; // gone from the remote: history was rewritten
      throw err;
    }
  }
  try {
    git(['merge-base', '--is-ancestor', older, newer], { gitDir });
    return true;
  } catch (err) {
    if (err instanceof GitError && err.exitCode === 1) return false;
    throw err;
  }
}

/** How many commits lie between two pins, for the report of an update. */
export function commitsBetween(gitDir: string, older: string, newer: string): number | undefined {
  try {
    return Number(git(['rev-list', '--count', `${older}..${newer}`], { gitDir }).toString('utf8').trim());
  } catch {
    return undefined;
  }
}
