import { EventEmitter } from 'node:events';
import { existsSync, readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { CLAUDE_DIR, CLAUDE_MD, LOCK_FILE, SETTINGS_LOCAL, SETTINGS_SHARED, TEAM_FILE } from '../core/paths.js';

/** Names in .claude/ whose change can change what the dashboard shows. */
const WATCHED = new Set(['agent-team.yaml', 'agent-team.lock', 'settings.json', 'settings.local.json', 'agents']);

/**
 * Tells the dashboard that the project changed, whoever changed it (the CLI, an editor, the
 * dashboard itself). It watches folders, not files: writes go through a temp file and a rename,
 * which a watch on the file itself would lose. Bursts of events become one `change`. Once a
 * second it also compares the size and time of the files it cares about, for the events a file
 * system does not deliver; requests never look at the disk to find out.
 */
export class ProjectWatcher extends EventEmitter<{ change: [version: number] }> {
  /** Bumped on every change; part of the view cache's key. */
  version = 0;
  private watchers = new Map<string, FSWatcher>();
  private timer?: NodeJS.Timeout;
  private retry?: NodeJS.Timeout;
  private stamps = '';

  constructor(
    private readonly root: string,
    private readonly debounceMs = 120,
  ) {
    super();
  }

  start(): this {
    this.attach();
    this.stamps = this.currentStamps();
    // .claude/agents comes and goes (it is removed when the last agent goes): look again now and then.
    this.retry = setInterval(() => {
      this.attach();
      const now = this.currentStamps();
      if (now !== this.stamps) {
        this.stamps = now;
        this.touch();
      }
    }, 1000);
    this.retry.unref();
    return this;
  }

  close(): void {
    clearInterval(this.retry);
    clearTimeout(this.timer);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
    this.removeAllListeners();
  }

  /** Marks a change now, e.g. right after the dashboard applied one. */
  touch(): void {
    this.version += 1;
    this.schedule();
  }

  /** Cheap (a few stat calls): size and time of every file the views depend on. */
  private currentStamps(): string {
    const stamp = (path: string) => {
      try {
        const s = statSync(join(this.root, path));
        return `${s.size}:${s.mtimeMs}`;
      } catch {
        return '-';
      }
    };
    const parts = [TEAM_FILE, LOCK_FILE, SETTINGS_LOCAL, SETTINGS_SHARED, CLAUDE_MD].map(stamp);
    try {
      for (const name of readdirSync(join(this.root, CLAUDE_DIR, 'agents')).sort()) parts.push(name, stamp(`${CLAUDE_DIR}/agents/${name}`));
    } catch {
      parts.push('no agents folder');
    }
    return parts.join('|');
  }

  private attach(renewAgents = false): void {
    this.watchDir(join(this.root, CLAUDE_DIR), false, (name) => {
      // The agents folder was removed or made anew: a watch on the old one hears nothing more.
      if (name === 'agents') this.attach(true);
      return name === null || WATCHED.has(name);
    });
    this.watchDir(join(this.root, CLAUDE_DIR, 'agents'), renewAgents, () => true);
  }

  private watchDir(dir: string, renew: boolean, relevant: (name: string | null) => boolean): void {
    const existing = this.watchers.get(dir);
    if (existing && !renew && existsSync(dir)) return;
    existing?.close();
    this.watchers.delete(dir);
    if (!existsSync(dir)) return;
    try {
      const w = watch(dir, { persistent: false }, (_event, name) => {
        if (relevant(name === null ? null : String(name))) this.touch();
      });
      w.on('error', () => {
        w.close();
        this.watchers.delete(dir);
        this.touch();
      });
      this.watchers.set(dir, w);
    } catch {
      // The folder went away between the check and the watch; the next look picks it up.
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.emit('change', this.version), this.debounceMs);
  }
}
