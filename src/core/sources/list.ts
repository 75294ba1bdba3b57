import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LockData } from '../apply/lock-schema.js';
import { own } from '../own.js';
import { REGISTRY_FILE } from '../library/load.js';
import type { TeamData } from '../team/schema.js';
import { loadYaml } from '../yaml.js';
import { DEFAULT_TRUST } from './ensure.js';
import { cachedSourceDirs } from './pins.js';

/** What `source list` shows: each source as the team file names it, its pin and whether it is on this machine. */
export interface SourceView {
  name: string;
  kind: 'git' | 'folder';
  url: string;
  ref?: string;
  trust?: string;
  allow: string[];
  /** The pinned commit; undefined when the lockfile does not pin it (yet). */
  commit?: string;
  files?: number;
  /** The pinned commit is unpacked in the source cache. */
  cached: boolean;
  /** Installed names of its skills (when cached). */
  skills: string[];
  roles: string[];
}

function preparedNames(dir: string): { skills: string[]; roles: string[] } {
  try {
    const data = loadYaml(readFileSync(join(dir, REGISTRY_FILE), 'utf8'), REGISTRY_FILE, '', { maxBytes: 8 * 1024 * 1024 }) as { skills?: object; roles?: object };
    return { skills: Object.keys(data?.skills ?? {}), roles: Object.keys(data?.roles ?? {}) };
  } catch {
    return { skills: [], roles: [] };
  }
}

export function sourceViews(team: TeamData, lock: LockData | undefined): SourceView[] {
  const dirs = cachedSourceDirs(team, lock);
  return (team.sources ?? []).map((source) => {
    if (typeof source === 'string') return { name: source, kind: 'folder', url: source, allow: [], cached: true, skills: [], roles: [] };
    const pin = own(lock?.sources ?? {}, source.name);
    const dir = own(dirs, source.name);
    const names = dir && existsSync(dir) ? preparedNames(dir) : { skills: [], roles: [] };
    return {
      name: source.name,
      kind: 'git',
      url: source.url,
      ref: source.ref ?? 'HEAD',
      trust: source.trust ?? DEFAULT_TRUST,
      allow: source.allow ?? [],
      commit: pin && pin.url === source.url ? pin.commit : undefined,
      files: pin ? Object.keys(pin.files).length : undefined,
      cached: dir !== undefined,
      ...names,
    };
  });
}
