import { planTeam } from '../pipeline.js';
import { openProject, projectRoot } from '../project.js';
import { withTeams } from '../team/edit.js';
import { teamsOn } from '../team/schema.js';
import type { TeamOutcome } from './add.js';
import { parseInput, TeamsInput } from './inputs.js';
import { runOperation, teamDecision, type OperationOptions } from './run.js';

export interface TeamsOutcome extends TeamOutcome {
  on: boolean;
  /** False when the team file already said so (the files are still brought in line). */
  changed: boolean;
}

/**
 * Turns Claude Code's agent teams on or off for the project: the team file's `teams:` key, then a
 * sync of the team, which writes or removes what the key brings (the env setting, the lead's
 * team-up skill, the teammate section of each agent). docs/teams.md.
 */
export async function setTeams(cwd: string, input: unknown, options: OperationOptions = {}): Promise<TeamsOutcome> {
  const { on, force } = parseInput(TeamsInput, input, 'agent teams setting');
  return runOperation(projectRoot(cwd), options, () => {
    const { root, teamText, team } = openProject(cwd);
    const change = planTeam(root, withTeams(teamText, on), { force, before: teamText, changeOnly: true });
    return teamDecision(change, true, { undoable: on ? 'turn agent teams on' : 'turn agent teams off', on, changed: teamsOn(team) !== on });
  });
}
