import { lstatSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { failure } from '../errors.js';
import { sha256 } from '../hash.js';

/**
 * Where git sources are fetched and unpacked: the user's cache folder
 * (`$XDG_CACHE_HOME/agent-team/sources`, `~/.cache/agent-team/sources`; AGENT_TEAM_SOURCE_CACHE
 * overrides), never the project. A project's `.claude/.agent-team/` is ignored by git only
 * through a .gitignore agent-team writes on this machine, so a cloned repository can still
 * carry files there — a git repository planted there, with a `core.fsmonitor` in its config, would
 * run a command the moment agent-team ran git in it. Nothing a clone brings reaches the user's
 * cache. It is also shared: a commit used by several projects is fetched and unpacked once.
 *
 * Layout: `git/<hash of the URL>.git` (a bare repository per URL, fetched into) and
 * `trees/<commit>/` (the commit's files, unpacked once and never changed; see tree.ts).
 */
export function sourceCacheDir(): string {
  const own = process.env.AGENT_TEAM_SOURCE_CACHE;
  if (own) return resolve(own);
  const base = process.env.AGENT_TEAM_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME || (process.platform === 'win32' && process.env.LOCALAPPDATA) || join(homedir(), '.cache'), 'agent-team');
  return join(resolve(base), 'sources');
}

/**
 * Creates the folder (only the user may write it) or checks an existing one: unpacked sources are
 * installed as they are, so a cache someone else can write into is refused, not used.
 */
export function privateDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = lstatSync(dir);
  const mine = typeof process.getuid !== 'function' || stat.uid === process.getuid();
  if (!stat.isDirectory() || !mine || (process.platform !== 'win32' && (stat.mode & 0o022) !== 0)) {
    throw failure('source-cache-unsafe', `The source cache ${dir} is not a private folder of yours (another user could change what it holds).`, 'Remove it, or point AGENT_TEAM_SOURCE_CACHE at a folder only you can write.', undefined, { dir });
  }
  return dir;
}

export function cacheRoot(): string {
  return privateDir(sourceCacheDir());
}

/** The bare repository git fetches a URL's commits into. */
export function repositoryDir(url: string): string {
  return join(privateDir(join(cacheRoot(), 'git')), `${sha256(url).slice(0, 32)}.git`);
}

export function treesDir(): string {
  return privateDir(join(cacheRoot(), 'trees'));
}
