import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { failure } from './errors.js';
import { TEAM_FILE } from './paths.js';
import type { TeamData } from './team/schema.js';
import { parseTeam, readTeamText } from './team/team-file.js';

// Finding and opening a project: kept light, because `list` needs nothing more.

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

export function openProject(cwd: string): OpenProject {
  if (!existsSync(cwd)) {
    throw failure('no-such-folder', `The folder ${cwd} does not exist.`, 'Pass an existing project folder with --cwd.');
  }
  const root = findProjectRoot(cwd);
  const teamText = root ? readTeamText(root) : undefined;
  if (!root || teamText === undefined) {
    throw failure(
      'not-initialised',
      `No agent team here: ${TEAM_FILE} was not found in ${resolve(cwd)} or any folder above it.`,
      'Run `npx agent-team init` in the project first (or pass --cwd <project>).',
    );
  }
  return { root, teamText, team: parseTeam(teamText) };
}
