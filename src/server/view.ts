import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { diagnose } from '../commands/doctor.js';
import type { Catalog } from '../core/library/catalog.js';
import { agentFile, CLAUDE_MD, LOCK_FILE, SETTINGS_LOCAL, SETTINGS_SHARED, TEAM_FILE } from '../core/paths.js';
import { loadTeamCatalog, openProject, planTeam, type OpenProject, type TeamChange } from '../core/pipeline.js';
import { stackTitles } from '../core/render/render.js';
import { activeAgent } from '../core/claude/settings.js';
import { agentTokenCost } from '../core/views/tokens.js';
import type { ProjectWatcher } from './watch.js';
import type { AgentStatus, AgentSummary, Finding } from './types.js';

/** Past this age a snapshot is rebuilt even if no watched file changed (e.g. an edited skill). */
const MAX_AGE_MS = 2000;
/**
 * The file watcher reports changes at once; the stat calls behind the key are the safety net for
 * events a file system does not deliver, so under a burst of requests they run at most this often.
 */
const RECHECK_MS = 200;

const STATUS: Record<string, AgentStatus> = { unchanged: 'synced', create: 'missing', update: 'outdated', conflict: 'edited' };

interface Entry {
  value?: unknown;
  error?: unknown;
}

/**
 * The project as the dashboard shows it, built with the same engine calls as the CLI (open the
 * project, load the catalog, plan the team) and kept while the project does not change, so a
 * burst of page loads costs one plan, not one each. Errors are kept too: an invalid team file
 * answers every request with the same error until it is fixed.
 */
export class ProjectView {
  private key = '';
  private builtAt = 0;
  private checkedAt = 0;
  private checkedVersion = -1;
  private parts = new Map<string, Entry>();

  constructor(
    readonly root: string,
    private readonly watcher: ProjectWatcher,
  ) {}

  project(): OpenProject {
    return this.cached('project', () => openProject(this.root));
  }

  catalog(): Catalog {
    return this.cached('catalog', () => loadTeamCatalog(this.root, this.project().team));
  }

  change(): TeamChange {
    return this.cached('change', () => planTeam(this.root, this.project().teamText, { catalog: this.catalog() }));
  }

  active(): { agent: string; file: string } | null {
    return this.cached('active', () => {
      try {
        const found = activeAgent(this.root);
        return found.agent && found.file ? { agent: found.agent, file: found.file } : null;
      } catch {
        return null; // an unreadable settings file is one of the problems the overview lists
      }
    });
  }

  problems(): Finding[] {
    return this.cached('problems', () => diagnose(this.root).findings);
  }

  agents(): AgentSummary[] {
    return this.cached('agents', () => {
      const change = this.change();
      const active = this.active();
      return change.agents.map((agent) => {
        const file = agentFile(agent.name);
        const entry = change.plan.entries.find((e) => e.path === file);
        const chars = entry?.content?.length ?? (entry?.action === 'unchanged' ? this.sizeOnDisk(file) : 0);
        return {
          name: agent.name,
          role: agent.role.name,
          title: agent.role.title,
          variants: agent.variants,
          stack: stackTitles(agent),
          skills: agent.skills,
          tools: agent.tools,
          model: agent.model,
          color: agent.color ?? null,
          cost: agentTokenCost(chars, agent.skills, change.catalog),
          active: active?.agent === agent.name,
          file,
          status: STATUS[entry?.action ?? ''] ?? 'unknown',
        };
      });
    });
  }

  /** Forget everything now, e.g. right after the dashboard applied a change. */
  invalidate(): void {
    this.key = '';
  }

  private sizeOnDisk(path: string): number {
    try {
      return readFileSync(join(this.root, path)).length;
    } catch {
      return 0;
    }
  }

  /** A value computed once per snapshot of the project. */
  cached<T>(name: string, compute: () => T): T {
    this.refresh();
    let entry = this.parts.get(name);
    if (!entry) {
      try {
        entry = { value: compute() };
      } catch (error) {
        entry = { error };
      }
      this.parts.set(name, entry);
    }
    if ('error' in entry && entry.error !== undefined) throw entry.error;
    return entry.value as T;
  }

  private refresh(): void {
    const now = Date.now();
    const unchanged = this.key !== '' && this.checkedVersion === this.watcher.version && now - this.checkedAt < RECHECK_MS;
    if (unchanged && now - this.builtAt < MAX_AGE_MS) return;
    this.checkedAt = now;
    this.checkedVersion = this.watcher.version;
    const key = this.currentKey();
    if (key === this.key && now - this.builtAt < MAX_AGE_MS) return;
    this.key = key;
    this.builtAt = now;
    this.parts.clear();
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
