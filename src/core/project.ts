import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { failure, isNodeError } from './errors.js';
import { TEAM_FILE } from './paths.js';
import type { TeamData } from './team/schema.js';
import { parseTeam, readTeamText } from './team/team-file.js';

/** The nearest folder, from `start` upwards, that holds a team file. */
export function findProjectRoot(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, TEAM_FILE))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

export interface OpenProject {
  root: string;
  teamText: string;
  team: TeamData;
}

export function assertFolder(cwd: string): void {
  if (!existsSync(cwd)) throw failure('no-such-folder', `The folder ${cwd} does not exist.`, 'Pass an existing project folder.', undefined, { folder: cwd });
}

/** The root of the project around `cwd`, which must have a team. */
export function projectRoot(cwd: string): string {
  assertFolder(cwd);
  const root = findProjectRoot(cwd);
  if (!root) {
    throw failure('not-initialised', `No agent team here: ${TEAM_FILE} was not found in ${resolve(cwd)} or any folder above it.`, 'Set up a team in the project first.', undefined, { folder: resolve(cwd) });
  }
  return root;
}

export function openProject(cwd: string): OpenProject {
  const root = projectRoot(cwd);
  const teamText = readTeamText(root);
  if (teamText === undefined) return openProject(root); // removed in between: report it as missing
  return { root, teamText, team: parseTeam(teamText) };
}

/** A project file's bytes, or undefined when it does not exist. */
export function readProjectFile(root: string, path: string): Buffer | undefined {
  const abs = join(root, path);
  try {
    // Asked first without an exception: a missing file (a knowledge file per agent, say) is the common case.
    if (!statSync(abs, { throwIfNoEntry: false })) return undefined;
    return readFileSync(abs);
  } catch (err) {
    if (isNodeError(err, 'ENOENT') || isNodeError(err, 'ENOTDIR')) return undefined;
    if (isNodeError(err, 'EISDIR')) throw failure('not-a-file', `${path} is a folder, but agent-team needs a file there.`, `Move ${path} away, then run again. Nothing was changed.`, undefined, { path });
    throw failure('unreadable', `Cannot read ${path}: ${(err as Error).message}.`, 'Check the file permissions.', undefined, { path });
  }
}
