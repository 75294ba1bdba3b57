import { join } from 'node:path';
import type { LockData } from '../apply/lock-schema.js';
import { own } from '../own.js';
import { gitSources, type TeamData } from '../team/schema.js';
import { treesDir } from './cache.js';
import { preparedDir } from './layout.js';

/**
 * The prepared folder of each pinned source already on this machine, without fetching anything:
 * what read-only commands (list, doctor, the dashboard) and team changes other than sync use.
 */
export function cachedSourceDirs(team: TeamData | undefined, lock: LockData | undefined): Record<string, string> {
  const dirs: Record<string, string> = {};
  const entries = gitSources(team);
  if (entries.length === 0) return dirs;
  let trees: string;
  try {
    trees = treesDir();
  } catch {
    return dirs;
  }
  for (const entry of entries) {
    const pin = own(lock?.sources ?? {}, entry.name);
    if (!pin || pin.url !== entry.url || pin.ref !== (entry.ref ?? 'HEAD')) continue;
    const found = preparedDir(join(trees, pin.commit, 'files'), entry.name);
    if (found.ready) dirs[entry.name] = found.dir;
  }
  return dirs;
}
