import { failure, usageError } from '../errors.js';
import type { Catalog } from '../library/model.js';
import { own } from '../own.js';
import { agentFile } from '../paths.js';
import { loadTeamCatalog, planTeam } from '../pipeline.js';
import { assertFolder } from '../project.js';
import { initialTeamText, withAgent, type AgentSelection } from '../team/edit.js';
import { normaliseVariants, parseTeam, readTeamText } from '../team/team-file.js';
import type { TeamOutcome } from './add.js';
import { assertRole, assertVariants } from './checks.js';
import { InitInput, parseInput, type StarterAgentData } from './inputs.js';
import { runOperation, teamDecision, type OperationOptions } from './run.js';

export interface InitOutcome extends TeamOutcome {
  initialised: boolean;
  added: string[];
}

/** The starter agents asked for with a preset, roles and named agents, checked against the catalog. */
function starterAgents(catalog: Catalog, preset: string | undefined, roles: string[], agents: StarterAgentData[]): Array<[string, AgentSelection]> {
  const starters: Array<[string, AgentSelection]> = [];
  if (preset) {
    const found = own(catalog.presets, preset);
    if (!found) {
      const presets = Object.keys(catalog.presets);
      throw usageError('unknown-preset', `Unknown preset "${preset}".`, `Use one of: ${presets.join(', ')}.`, undefined, { preset, presets });
    }
    for (const [name, spec] of Object.entries(found.agents)) starters.push([name, { role: spec.role, variants: normaliseVariants(spec.variants) }]);
  }
  for (const role of roles) {
    assertRole(catalog, role, ' among the starter roles');
    starters.push([role, { role, variants: {} }]);
  }
  for (const { name, role, variants = {}, versions = {}, paths = [] } of agents) {
    assertRole(catalog, role, ` for agent ${name}`);
    assertVariants(catalog, role, variants);
    starters.push([name, { role, variants, versions, paths }]);
  }
  return starters;
}

/** Sets up the team file, the common files and, optionally, starter agents. Running it again changes nothing. */
export async function initTeam(root: string, input: unknown, options: OperationOptions = {}): Promise<InitOutcome> {
  const { roles = [], preset, agents = [], force } = parseInput(InitInput, input, 'init options');
  assertFolder(root);
  return runOperation(root, options, () => {
    const existing = readTeamText(root);
    let text = existing ?? initialTeamText();
    const team = parseTeam(text);
    const catalog = loadTeamCatalog(root, team);
    const added: string[] = [];
    for (const [name, selection] of starterAgents(catalog, preset, roles, agents)) {
      const current = own(team.agents ?? {}, name);
      if (current && current.role === selection.role) continue;
      if (current || added.includes(name)) {
        throw failure('agent-exists', `Agent "${name}" already exists with role ${current?.role ?? selection.role}.`, 'Remove it first, or add the new agent under another name.', undefined, { agent: name });
      }
      text = withAgent(text, name, selection);
      added.push(name);
    }
    const change = planTeam(root, text, { catalog, force });
    const taken = change.plan.entries.find((e) => e.reason === 'foreign' && added.some((a) => e.path === agentFile(a)));
    if (taken) {
      throw failure('agent-file-exists', `${taken.path} already exists and was not written by agent-team.`, 'Pick another agent name, or move that file away first. Nothing was changed.', undefined, { path: taken.path });
    }
    return teamDecision(change, true, { undoable: existing === undefined ? 'set up the team' : `add ${added.join(', ')}`, initialised: existing === undefined, added });
  });
}
