import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CLAUDE_MD, LOCK_FILE, SETTINGS_LOCAL, SETTINGS_SHARED, TEAM_FILE } from '../core/paths.js';
import { takeSnapshot, type Snapshot } from '../core/views/index.js';
import type { ProjectWatcher } from './watch.js';

/**
 * The file watcher reports changes at once; the stat calls behind the key are the safety net for
 * events a file system does not deliver, so under a burst of requests they run at most this often.
 */
const RECHECK_MS = 200;

/**
 * The project as the dashboard shows it: one snapshot of the read side (core/views), taken again
 * only when the project changes, so a burst of page loads costs one plan, not one each. Errors
 * are kept too: an invalid team file answers every request with the same error until it is fixed.
 */
export class ProjectView {
  private key = '';
  private checkedAt = 0;
  private checkedVersion = -1;
  private current?: Snapshot;

  constructor(
    readonly root: string,
    private readonly watcher: ProjectWatcher,
  ) {}

  snapshot(): Snapshot {
    const now = Date.now();
    if (this.current && this.checkedVersion === this.watcher.version && now - this.checkedAt < RECHECK_MS) return this.current;
    this.checkedAt = now;
    this.checkedVersion = this.watcher.version;
    const key = this.currentKey();
    if (!this.current || key !== this.key) {
      this.key = key;
      this.current = takeSnapshot(this.root);
    }
    return this.current;
  }

  /** A value derived from the current snapshot, computed once per snapshot. */
  cached<T>(name: string, compute: (s: Snapshot) => T): T {
    const s = this.snapshot();
    return s.memo(`server:${name}`, () => compute(s));
  }

  /** Forget everything now, e.g. right after the dashboard applied a change. */
  invalidate(): void {
    this.current = undefined;
  }

  /** Cheap to compute (a few stat calls): size and time of every file the view depends on. */
  private currentKey(): string {
    const parts = [String(this.watcher.version)];
    for (const path of [TEAM_FILE, LOCK_FILE, SETTINGS_LOCAL, SETTINGS_SHARED, CLAUDE_MD]) parts.push(this.stamp(path));
    try {
      for (const name of readdirSync(join(this.root, '.claude/agents')).sort()) parts.push(name, this.stamp(`.claude/agents/${name}`));
    } catch {
      parts.push('no agents folder');
    }
    return parts.join('|');
  }

  private stamp(path: string): string {
    try {
      const s = statSync(join(this.root, path));
      return `${s.size}:${s.mtimeMs}`;
    } catch {
      return '-';
    }
  }
}
