import { AgentTeamError, failure, usageError } from '../errors.js';
import type { CatalogRole } from '../library/model.js';
import { own } from '../own.js';
import { planTeam, type TeamChange } from '../pipeline.js';
import { openProject, projectRoot } from '../project.js';
import { withRoleOverride } from '../team/edit.js';
import { overrideProblems } from '../team/override-problems.js';
import type { TeamData } from '../team/schema.js';
import { catalogWithoutOverride, overrideFacts } from '../views/override-facts.js';
import type { TeamOutcome } from './add.js';
import { parseInput, RoleOverrideInput } from './inputs.js';
import { runOperation, teamDecision, type OperationOptions } from './run.js';

export interface RoleOverrideOutcome extends TeamOutcome {
  role: string;
  /** The role as the catalog sees it after the change; undefined when the override was its only source. */
  resolved?: CatalogRole;
}

/**
 * The same check the dashboard's editor makes while the user types (core/team/override-problems.ts),
 * against the catalog without the override being replaced. A catalog that does not load even
 * without it has problems of its own, which planning the change reports.
 */
function contradictions(root: string, team: TeamData, role: string, override: unknown): string[] {
  let facts;
  try {
    facts = overrideFacts(catalogWithoutOverride(root, team, role), role);
  } catch (err) {
    if (err instanceof AgentTeamError) return [];
    throw err;
  }
  return overrideProblems(override, facts).map((p) => p.message);
}

/**
 * Writes the project's override of one role into the team file's `roles:` section. The new
 * override is checked by its schema, then the whole team is re-planned: the catalog must load
 * (known skills, categories, tool profiles, rules files) and every agent must still resolve.
 */
export async function editRoleOverride(cwd: string, input: unknown, options: OperationOptions = {}): Promise<RoleOverrideOutcome> {
  const { role, override, force } = parseInput(RoleOverrideInput, input, 'role override', 'invalid-role-override');
  return runOperation(projectRoot(cwd), options, () => {
    const { root, teamText, team } = openProject(cwd);
    if (override === null && !own(team.roles ?? {}, role)) {
      throw failure('unknown-override', `The team file has no override for role "${role}".`, 'Nothing to remove; the role is as the library defines it.', undefined, { role });
    }
    if (override !== null) {
      const problems = contradictions(root, team, role, override);
      if (problems.length > 0) {
        throw usageError('invalid-role-override', `The override of role "${role}" contradicts itself or the catalog:`, 'Fix the values named below; nothing was changed.', problems, { role });
      }
    }
    let change: TeamChange;
    try {
      change = planTeam(root, withRoleOverride(teamText, role, override as Record<string, unknown> | null), { force, before: teamText });
    } catch (err) {
      // The catalog or the team no longer loads with this override: that is a problem of the input.
      if (err instanceof AgentTeamError && (err.code === 'invalid-catalog' || err.code === 'invalid-team')) {
        throw usageError('invalid-role-override', `The override of role "${role}" does not fit the catalog or the team:`, 'Fix the values named below; nothing was changed.', err.details, { role });
      }
      throw err;
    }
    return teamDecision(change, true, { undoable: override === null ? `remove the override of role ${role}` : `change role ${role}`, role, resolved: own(change.catalog.roles, role) });
  });
}
