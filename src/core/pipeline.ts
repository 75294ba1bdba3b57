import { GENERATOR } from '../version.js';
import { parseLock, serializeLock } from './apply/lockfile.js';
import { safeTarget } from './apply/safe-path.js';
import { loadCatalog, type Catalog } from './library/catalog.js';
import { libraryDir, templatesDir } from './library/package.js';
import { LOCK_FILE, TEAM_FILE } from './paths.js';
import { planChanges, type Plan, type PlanEntry } from './plan/plan.js';
import { readProjectFile } from './project.js';
import { renderProject } from './render/project.js';
import { loadTemplates } from './render/templates.js';
import { resolveTeam, type ResolvedAgent } from './resolve/resolver.js';
import type { LockData } from './apply/lock-schema.js';
import type { TeamData } from './team/schema.js';
import { parseTeam, teamAgents } from './team/team-file.js';

/**
 * The pipeline, from a team file to the plan that makes the project match it:
 * catalog → resolve → render → plan. Nothing is written here.
 */
export interface TeamChange {
  root: string;
  teamText: string;
  team: TeamData;
  catalog: Catalog;
  agents: ResolvedAgent[];
  plan: Plan;
  previousLock?: LockData;
  lockText: string;
  lockChanged: boolean;
}

export interface PlanTeamOptions {
  force?: boolean;
  /** A catalog already loaded for this team (its overrides and sources unchanged). */
  catalog?: Catalog;
  /** Entries of files outside the lockfile's care, e.g. a settings change. */
  extra?: PlanEntry[];
}

export function loadTeamCatalog(root: string, team: TeamData): Catalog {
  return loadCatalog({ libraryDir: libraryDir(), projectRoot: root, team });
}

/** What the project would look like with this team file: the full plan, nothing written. */
export function planTeam(root: string, teamText: string, options: PlanTeamOptions = {}): TeamChange {
  const team = parseTeam(teamText);
  const lockBytes = readProjectFile(root, LOCK_FILE);
  const previousLock = lockBytes ? parseLock(lockBytes.toString('utf8')) : undefined;
  const catalog = options.catalog ?? loadTeamCatalog(root, team);
  const agents = resolveTeam(catalog, teamAgents(team), TEAM_FILE);
  const desired = renderProject({ catalog, agents, templates: loadTemplates(templatesDir()), libraryDir: libraryDir() });

  const paths = new Set([TEAM_FILE, LOCK_FILE, ...desired.map((d) => d.path), ...Object.keys(previousLock?.files ?? {})]);
  for (const path of paths) safeTarget(root, path);

  const plan = planChanges(desired, (path) => readProjectFile(root, path), previousLock, {
    force: Boolean(options.force),
    generator: GENERATOR,
    catalogDigest: catalog.digest,
  });
  const currentTeam = readProjectFile(root, TEAM_FILE)?.toString('utf8');
  plan.entries.unshift({
    path: TEAM_FILE,
    kind: 'team',
    agents: [],
    action: currentTeam === undefined ? 'create' : currentTeam === teamText ? 'unchanged' : 'update',
    content: Buffer.from(teamText, 'utf8'),
  });
  // The team file and the settings first, then the files: a crash at any point leaves a team file
  // that one sync completes.
  plan.entries.splice(1, 0, ...(options.extra ?? []));
  const lockText = serializeLock(plan.lock);
  return { root, teamText, team, catalog, agents, plan, previousLock, lockText, lockChanged: lockBytes?.toString('utf8') !== lockText };
}

/**
 * What the local record says after the change: the hash of every file agent-team now writes or
 * finds as it wrote it, and no entry for files it deletes. Kept and conflicting files keep
 * whatever the record said before.
 */
export function ownershipAfter(plan: Plan): Record<string, string | null> {
  const owned: Record<string, string | null> = {};
  for (const entry of plan.entries) {
    if (entry.kind === 'team' || entry.kind === 'settings') continue;
    if (entry.action === 'delete') owned[entry.path] = null;
    else if (entry.action === 'create' || entry.action === 'update' || entry.action === 'unchanged') {
      const sha = plan.lock.files[entry.path]?.sha256;
      if (sha) owned[entry.path] = sha;
    }
  }
  return owned;
}
