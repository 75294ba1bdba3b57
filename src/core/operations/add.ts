import { failure } from '../errors.js';
import { own } from '../own.js';
import { agentFile } from '../paths.js';
import { loadTeamCatalog, planTeam } from '../pipeline.js';
import { openProject, projectRoot } from '../project.js';
import type { ResolvedAgent } from '../resolve/resolver.js';
import { withAgent } from '../team/edit.js';
import { assertRole, assertVariants } from './checks.js';
import { AddInput, parseInput } from './inputs.js';
import { runOperation, teamDecision, type Decision, type OperationOptions, type Outcome } from './run.js';
import type { TeamChange } from '../pipeline.js';

/** What a team operation decided (the lockfile, ownership and bases it would write) and what it did. */
export interface TeamOutcome extends Outcome, Decision {
  change: TeamChange;
}

export interface AddOutcome extends TeamOutcome {
  agent: ResolvedAgent;
}

/** Adds one agent to the team file and installs what its role needs. */
export async function addAgent(cwd: string, input: unknown, options: OperationOptions = {}): Promise<AddOutcome> {
  const { name, role, variants = {}, versions = {}, paths = [], force } = parseInput(AddInput, input, 'agent');
  return runOperation(projectRoot(cwd), options, () => {
    const { root, teamText, team } = openProject(cwd);
    const existing = own(team.agents ?? {}, name);
    if (existing) {
      throw failure('agent-exists', `Agent "${name}" is already in the team (role ${existing.role}).`, 'Pick another name.', undefined, { agent: name });
    }
    const catalog = loadTeamCatalog(root, team);
    assertRole(catalog, role);
    assertVariants(catalog, role, variants);
    const change = planTeam(root, withAgent(teamText, name, { role, variants, versions, paths }), { catalog, force, changeOnly: true });
    if (change.plan.entries.find((e) => e.path === agentFile(name))?.reason === 'foreign') {
      throw failure('agent-file-exists', `${agentFile(name)} already exists and was not written by agent-team.`, 'Pick another agent name, or move that file away first. Nothing was changed.', undefined, { agent: name, path: agentFile(name) });
    }
    return teamDecision(change, true, { undoable: `add ${name}`, agent: change.agents.find((a) => a.name === name)! });
  });
}
