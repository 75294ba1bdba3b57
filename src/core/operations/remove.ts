import { failure } from '../errors.js';
import { planTeam } from '../pipeline.js';
import { openProject, projectRoot } from '../project.js';
import { withoutAgents } from '../team/edit.js';
import { clearActiveAgent } from './active-agent.js';
import type { TeamOutcome } from './add.js';
import { parseInput, RemoveInput } from './inputs.js';
import { runOperation, teamDecision, type OperationOptions } from './run.js';

/** Drops agents from the team: their files go, skills another agent still needs stay. */
export async function removeAgents(cwd: string, input: unknown, options: OperationOptions = {}): Promise<TeamOutcome & { removed: string[] }> {
  const { names, force } = parseInput(RemoveInput, input, 'agents to remove');
  const unique = [...new Set(names)];
  return runOperation(projectRoot(cwd), options, () => {
    const { root, teamText, team } = openProject(cwd);
    const known = Object.keys(team.agents ?? {});
    const unknown = unique.filter((n) => !known.includes(n));
    if (unknown.length > 0) {
      throw failure(
        'unknown-agent',
        `No agent named ${unknown.map((n) => `"${n}"`).join(', ')} in the team.`,
        known.length ? `The team has: ${known.join(', ')}. Nothing was changed.` : 'The team has no agents. Nothing was changed.',
        undefined,
        { agents: unknown, known },
      );
    }
    const change = planTeam(root, withoutAgents(teamText, unique), { force, before: teamText, extra: clearActiveAgent(root, unique), changeOnly: true });
    return teamDecision(change, true, { undoable: `remove ${unique.join(', ')}`, removed: unique });
  });
}
