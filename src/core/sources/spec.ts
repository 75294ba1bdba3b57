import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { usageError } from '../errors.js';
import { NAME_PATTERN } from '../team/names.js';

/**
 * Where a git source lives, checked before git sees it. git reads `ext::<command>` as "run this
 * command", `fd::` as a file descriptor, and a leading `-` as an option, so a team file that came
 * with a pull request could otherwise run code on a teammate's machine. Only the transports a
 * person uses to share a repository pass: https, http, ssh, git, scp-like `user@host:path`, and,
 * for repositories on this machine, a path or a file:// URL.
 */
export type SourceLocation =
  | { kind: 'remote'; url: string; protocols: string }
  | { kind: 'local'; url: string; path: string; protocols: string };

const REMOTE_SCHEMES = /^(https?|ssh|git|git\+ssh|ssh\+git):\/\/[^\s/]/i;
const SCP_LIKE = /^[A-Za-z0-9._~-]+@[A-Za-z0-9.-]+:(?!\/\/)[^\s]+$/;

export function locateSource(url: string, base: string): SourceLocation {
  const refuse = (why: string) => usageError('invalid-source-url', `Cannot use "${url}" as a source: ${why}.`, 'Give an https://, ssh:// or git@host:path URL of a git repository, or the path of a repository on this machine.', undefined, { url });
  if (url.length === 0 || url.length > 2048) throw refuse('it is empty or too long');
  if (url.startsWith('-')) throw refuse('it starts with "-", which git would read as an option');
  if (/[\0-\x1f\x7f]/.test(url)) throw refuse('it holds control characters');
  if (/^[A-Za-z][A-Za-z0-9+.-]*::/.test(url)) throw refuse('git would hand it to a remote helper ("<transport>::"), which can run commands');
  if (REMOTE_SCHEMES.test(url)) {
    const scheme = url.slice(0, url.indexOf(':')).toLowerCase();
    // A password or token in the URL would be written into the team file and the lockfile.
    if (/^[a-z+]+:\/\/[^/@]*:[^/@]*@/i.test(url)) throw refuse('it holds a password or token; agent-team never stores one — let git find your credentials (a credential helper, an ssh key)');
    if (/^[a-z+]+:\/\/-/i.test(url) || /@-/.test(url)) throw refuse('its host starts with "-", which ssh would read as an option');
    return { kind: 'remote', url, protocols: scheme.startsWith('http') ? 'http:https' : scheme === 'git' ? 'git' : 'ssh' };
  }
  if (SCP_LIKE.test(url)) {
    if (/^[^@]*@-/.test(url)) throw refuse('its host starts with "-", which ssh would read as an option');
    return { kind: 'remote', url, protocols: 'ssh' };
  }
  if (/^file:\/\//i.test(url)) {
    let path: string;
    try {
      path = fileURLToPath(url);
    } catch {
      throw refuse('it is not a valid file:// URL');
    }
    return { kind: 'local', url, path, protocols: 'file' };
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(url)) throw refuse(`git transport "${url.slice(0, url.indexOf(':'))}" is not one agent-team uses`);
  if (!isAbsolute(url) && !url.startsWith('.') && /^[^/]*:/.test(url)) throw refuse('it looks like host:path without a user; write it as ssh://host/path or user@host:path');
  const path = resolve(base, url);
  return { kind: 'local', url: path, path, protocols: 'file' };
}

/** `url#ref`: the part after the last `#` is the ref, when there is one. */
export function splitSpec(spec: string): { url: string; ref?: string } {
  const at = spec.lastIndexOf('#');
  if (at <= 0) return { url: spec };
  const ref = spec.slice(at + 1);
  return ref ? { url: spec.slice(0, at), ref } : { url: spec.slice(0, at) };
}

/** A default name from the repository's last path segment: `git@host:acme/web-skills.git` → `web-skills`. */
export function defaultSourceName(url: string): string | undefined {
  const last = url.replace(/[#?].*$/, '').replace(/[/\\]+$/, '').split(/[/\\:]/).pop() ?? '';
  const name = last
    .replace(/\.git$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/anthropic|claude/g, '')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  return NAME_PATTERN.test(name) ? name : undefined;
}

/** True for a folder that is itself a git repository (a work tree's top, or a bare repository). */
export function isRepository(path: string): boolean {
  try {
    if (!statSync(path).isDirectory()) return false;
  } catch {
    return false;
  }
  return existsSync(resolve(path, '.git')) || (existsSync(resolve(path, 'HEAD')) && existsSync(resolve(path, 'objects')) && existsSync(resolve(path, 'refs')));
}
