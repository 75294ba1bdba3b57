import { existsSync, lstatSync, mkdirSync, readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { GENERATOR } from '../version.js';
import { applyEntries, safeTarget, type ApplyResult } from './apply/apply.js';
import { loadCatalog, type Catalog } from './library/catalog.js';
import { failure, isNodeError } from './errors.js';
import { parseLock, serializeLock } from './apply/lockfile.js';
import { libraryDir, templatesDir } from './library/package.js';
import { CLAUDE_DIR, LOCK_FILE, TEAM_FILE } from './paths.js';
import { planChanges, type Plan, type PlanEntry } from './plan/plan.js';
import { loadTemplates, renderProject } from './render/render.js';
import { resolveTeam, type ResolvedAgent } from './resolve/resolver.js';
import type { LockData } from './apply/lock-schema.js';
import type { TeamData } from './team/schema.js';
import { parseTeam, teamAgents } from './team/team-file.js';

export { findProjectRoot, openProject, type OpenProject } from './project.js';

function readOptional(root: string, path: string): Buffer | undefined {
  try {
    return readFileSync(join(root, path));
  } catch (err) {
    if (isNodeError(err, 'ENOENT') || isNodeError(err, 'ENOTDIR')) return undefined;
    throw failure('unreadable', `Cannot read ${path}: ${(err as Error).message}.`, 'Check the file permissions.');
  }
}

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
  const lockBytes = readOptional(root, LOCK_FILE);
  const previousLock = lockBytes ? parseLock(lockBytes.toString('utf8')) : undefined;
  const catalog = options.catalog ?? loadTeamCatalog(root, team);
  const agents = resolveTeam(catalog, teamAgents(team), TEAM_FILE);
  const desired = renderProject({ catalog, agents, templates: loadTemplates(templatesDir()), libraryDir: libraryDir() });

  const paths = new Set([TEAM_FILE, LOCK_FILE, ...desired.map((d) => d.path), ...Object.keys(previousLock?.files ?? {})]);
  for (const path of paths) safeTarget(root, path);

  const plan = planChanges(desired, (path) => readOptional(root, path), previousLock, {
    force: Boolean(options.force),
    generator: GENERATOR,
    catalogDigest: catalog.digest,
  });
  const currentTeam = readOptional(root, TEAM_FILE)?.toString('utf8');
  plan.entries.unshift({
    path: TEAM_FILE,
    kind: 'team',
    agents: [],
    action: currentTeam === undefined ? 'create' : currentTeam === teamText ? 'unchanged' : 'update',
    content: Buffer.from(teamText, 'utf8'),
  });
  plan.entries.push(...(options.extra ?? []));
  const lockText = serializeLock(plan.lock);
  return {
    root,
    teamText,
    team,
    catalog,
    agents,
    plan,
    previousLock,
    lockText,
    lockChanged: lockBytes?.toString('utf8') !== lockText,
  };
}

export function applyTeamChange(change: TeamChange): ApplyResult {
  return applyEntries(
    change.root,
    change.plan.entries,
    change.lockChanged ? { path: LOCK_FILE, content: Buffer.from(change.lockText, 'utf8') } : undefined,
  );
}

const LOCK_DIR = `${CLAUDE_DIR}/.agent-team.lck`;

/**
 * Runs `work` while holding the project's lock, so the CLI and the dashboard (or two terminals)
 * never interleave a read-plan-write cycle. A crashed holder's lock goes stale after 15 s.
 */
export async function withProjectLock<T>(root: string, work: () => T | Promise<T>): Promise<T> {
  const claudeDir = join(root, CLAUDE_DIR);
  safeTarget(root, CLAUDE_DIR, 'folder');
  let created = false;
  if (!existsSync(claudeDir)) {
    try {
      mkdirSync(claudeDir);
      created = true;
    } catch (err) {
      throw failure('not-writable', `Cannot create ${CLAUDE_DIR}/ in ${root}: ${(err as Error).message}.`, 'Make the project folder writable, then run again.');
    }
  } else if (!lstatSync(claudeDir).isDirectory() && !lstatSync(claudeDir).isSymbolicLink()) {
    throw failure('not-a-folder', `${CLAUDE_DIR} is a file, but Claude Code needs a folder there.`, `Move ${CLAUDE_DIR} away, then run again.`);
  }
  let release: (() => Promise<void>) | undefined;
  try {
    release = await lockfile.lock(claudeDir, {
      lockfilePath: join(root, LOCK_DIR),
      realpath: false,
      stale: 15_000,
      update: 5_000,
      retries: { retries: 60, factor: 1.3, minTimeout: 50, maxTimeout: 500 },
    });
  } catch (err) {
    if (created) rmdirSync(claudeDir);
    if (isNodeError(err, 'ELOCKED')) {
      throw failure('busy', 'Another agent-team process is changing this project right now.', `Wait for it to finish and run again. If none is running, delete ${LOCK_DIR}.`);
    }
    const denied = isNodeError(err) && ['EACCES', 'EPERM', 'EROFS'].includes(err.code ?? '');
    throw failure(
      'not-writable',
      denied ? `Cannot write to ${CLAUDE_DIR}/: permission denied.` : `Cannot lock the project (${LOCK_DIR}): ${(err as Error).message}.`,
      `Make ${CLAUDE_DIR}/ writable (e.g. chmod -R u+w ${CLAUDE_DIR}), then run again. Nothing was changed.`,
    );
  }
  try {
    return await work();
  } finally {
    await release();
    if (created) {
      try {
        rmdirSync(claudeDir);
      } catch {
        // it now holds the team: keep it
      }
    }
  }
}
