import { lstatSync, readdirSync, realpathSync, type Dirent } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { failure, usageError } from '../core/errors.js';
import { openProject } from '../core/project.js';
import { CLAUDE_DIR, TEAM_FILE } from '../core/paths.js';
import { ProjectView } from './view.js';
import { ProjectWatcher } from './watch.js';

/** Folders never searched for teams: dependencies, build output, caches, version control. */
const SKIPPED = new Set([
  'node_modules', 'bower_components', 'vendor', 'dist', 'build', 'out', 'target', 'coverage',
  '__pycache__', 'venv', 'Pods', 'DerivedData',
]);

export interface FindLimits {
  /** Levels below the folder that are searched (the folder itself is level 0). */
  depth: number;
  /** Folders read at most, so a huge tree costs a bounded time. */
  folders: number;
  /** Teams listed at most. */
  teams: number;
}

export const FIND_LIMITS: FindLimits = { depth: 6, folders: 20_000, teams: 200 };

/** One team the dashboard can show: its id is its folder relative to the searched one. */
export interface ProjectEntry {
  id: string;
  name: string;
  root: string;
}

function isTeamFolder(dir: string): boolean {
  try {
    return lstatSync(join(dir, CLAUDE_DIR)).isDirectory() && lstatSync(join(dir, TEAM_FILE)).isFile();
  } catch {
    return false;
  }
}

/**
 * The teams (folders with .claude/agent-team.yaml) below `folder`, breadth first, so the nearest
 * come first when a limit is reached. Links are not followed and hidden folders are not entered,
 * so the walk stays inside the folder and away from .git and caches.
 */
export function findTeams(folder: string, limits: FindLimits = FIND_LIMITS): { teams: ProjectEntry[]; complete: boolean } {
  const top = realpathSync(folder);
  const teams: ProjectEntry[] = [];
  const queue: Array<{ dir: string; depth: number }> = [{ dir: top, depth: 0 }];
  let read = 0;
  let complete = true;
  while (queue.length > 0) {
    const { dir, depth } = queue.shift()!;
    if (isTeamFolder(dir)) {
      const id = relative(top, dir).split(sep).join('/') || '.';
      teams.push({ id, name: id === '.' ? basename(top) : id, root: dir });
      if (teams.length >= limits.teams) {
        complete = false;
        break;
      }
    }
    if (depth >= limits.depth) continue;
    if (read >= limits.folders) {
      complete = false;
      break;
    }
    read += 1;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable: nothing to find there
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (!e.isDirectory() || e.name.startsWith('.') || SKIPPED.has(e.name)) continue;
      queue.push({ dir: join(dir, e.name), depth: depth + 1 });
    }
  }
  return { teams, complete };
}

/** A project the dashboard has opened: its read side and its watcher, made on first use. */
export interface OpenedProject {
  entry: ProjectEntry;
  view: ProjectView;
  watcher: ProjectWatcher;
}

/**
 * The projects one dashboard serves: the one around the folder it was started in, or every team
 * found below `--root`. A request names one by its id (the `project` query parameter); only ids
 * found here are accepted, so a request can never point the dashboard at another folder.
 */
export class Projects {
  private readonly byId: Map<string, ProjectEntry>;
  private readonly opened = new Map<string, OpenedProject>();

  constructor(
    readonly folder: string,
    readonly entries: ProjectEntry[],
    readonly complete = true,
  ) {
    this.byId = new Map(entries.map((e) => [e.id, e]));
  }

  get default(): ProjectEntry {
    return this.entries[0]!;
  }

  /** The project with this id (the default one without), opened on first use; undefined when unknown. */
  open(id: string | undefined): OpenedProject | undefined {
    const entry = id === undefined ? this.default : this.byId.get(id);
    if (!entry) return undefined;
    let p = this.opened.get(entry.id);
    if (!p) {
      const watcher = new ProjectWatcher(entry.root).start();
      p = { entry, watcher, view: new ProjectView(entry.root, watcher) };
      this.opened.set(entry.id, p);
    }
    return p;
  }

  close(): void {
    for (const p of this.opened.values()) p.watcher.close();
    this.opened.clear();
  }
}

/** The one project around `cwd` (the dashboard without --root). */
export function singleProject(cwd: string): Projects {
  const { root } = openProject(cwd);
  return new Projects(root, [{ id: '.', name: basename(root), root }]);
}

/** Every team below `folder` (--root); at least one must be there. */
export function projectsBelow(folder: string, limits: FindLimits = FIND_LIMITS): Projects {
  let stat;
  try {
    stat = lstatSync(folder);
  } catch {
    throw usageError('invalid-root', `The folder ${folder} given to --root does not exist.`, 'Pass a folder that holds your projects.');
  }
  if (!stat.isDirectory()) throw usageError('invalid-root', `${folder}, given to --root, is not a folder.`, 'Pass a folder that holds your projects.');
  const { teams, complete } = findTeams(folder, limits);
  if (teams.length === 0) {
    throw failure('no-teams', `No team found below ${folder}: no folder there (up to ${limits.depth} levels down) has ${TEAM_FILE}.`, 'Set up a team in one of the projects first, or pass the folder that holds them.', undefined, { folder });
  }
  return new Projects(realpathSync(folder), teams, complete);
}
