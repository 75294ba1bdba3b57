import { activeAgent } from '../claude/settings.js';
import type { Catalog } from '../library/model.js';
import { loadTeamCatalog, planTeam, type TeamChange } from '../pipeline.js';
import { openProject, type OpenProject } from '../project.js';
import type { ActiveView } from './types.js';

/**
 * One look at a project, from which every view is computed: the team file, its catalog, the
 * plan that says what is in sync, and the active agent. Each part is computed at most once,
 * when first asked for; an error is kept like a value, so every view of a broken project
 * reports the same problem. The CLI takes one per command; the dashboard one per change on disk.
 */
export interface Snapshot {
  root: string;
  project(): OpenProject;
  catalog(): Catalog;
  change(): TeamChange;
  active(): ActiveView | null;
  /** Any other value derived from this snapshot, computed once. */
  memo<T>(name: string, compute: () => T): T;
}

export function takeSnapshot(cwd: string): Snapshot {
  const parts = new Map<string, { value?: unknown; error?: unknown }>();
  const memo = <T>(name: string, compute: () => T): T => {
    let entry = parts.get(name);
    if (!entry) {
      try {
        entry = { value: compute() };
      } catch (error) {
        entry = { error };
      }
      parts.set(name, entry);
    }
    if (entry.error !== undefined) throw entry.error;
    return entry.value as T;
  };
  const project = () => memo('project', () => openProject(cwd));
  const root = project().root;
  const catalog = () => memo('catalog', () => loadTeamCatalog(root, project().team));
  return {
    root,
    project,
    catalog,
    change: () => memo('change', () => planTeam(root, project().teamText, { catalog: catalog() })),
    active: () =>
      memo('active', () => {
        try {
          const found = activeAgent(root);
          return found.agent && found.file ? { agent: found.agent, file: found.file } : null;
        } catch {
          return null; // an unreadable settings file is one of the problems doctor lists
        }
      }),
    memo,
  };
}
