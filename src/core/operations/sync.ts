import { readLock, sameLockedFiles } from '../apply/lockfile.js';
import { failure, usageError } from '../errors.js';
import { LOCK_FILE, TEAM_FILE } from '../paths.js';
import { loadTeamCatalog, planTeam } from '../pipeline.js';
import { ensureSources, type ReadySource } from '../sources/ensure.js';
import { gitSources } from '../team/schema.js';
import { hasChanges } from '../plan/plan.js';
import { openProject, projectRoot } from '../project.js';
import { teamAgents } from '../team/team-file.js';
import { clearActiveAgent } from './active-agent.js';
import type { TeamOutcome } from './add.js';
import { parseInput, SyncInput } from './inputs.js';
import { runOperation, teamDecision, type OperationOptions } from './run.js';

export interface SyncOutcome extends TeamOutcome {
  /** True when files or the lockfile differ from what the team file asks for. */
  drift: boolean;
  /** Files whose edits clash with the new version: the user's stays, the new one is beside it. */
  conflicts: string[];
  /** The team's git sources as this sync found or pinned them. */
  sources: ReadySource[];
}

/** Agents the lockfile knows that the team file no longer has. */
function formerAgents(previous: Record<string, { agents: string[] }> | undefined, current: Set<string>): string[] {
  const former = new Set<string>();
  for (const entry of Object.values(previous ?? {})) for (const agent of entry.agents) if (!current.has(agent)) former.add(agent);
  return [...former];
}

/** Makes the project match the team file; `check` only reports, `frozen` installs what the lockfile records. */
export async function syncTeam(cwd: string, input: unknown, options: OperationOptions = {}): Promise<SyncOutcome> {
  const { check, frozen, force, markers } = parseInput(SyncInput, input, 'sync options');
  if (check && frozen) {
    throw usageError('conflicting-input', 'Checking and a frozen install do different jobs; ask for one of them.', 'A check only reports drift; a frozen install writes exactly what the lockfile records.');
  }
  return runOperation(projectRoot(cwd), { ...options, dryRun: options.dryRun || check }, () => {
    const { root, teamText, team } = openProject(cwd);
    // Git sources first: the catalog is made from the commits they are pinned to, fetched if need be.
    const ready = gitSources(team).length > 0 ? ensureSources(root, team, readLock(root), { frozen }) : undefined;
    const catalog = ready ? loadTeamCatalog(root, team, ready.dirs) : undefined;
    const first = planTeam(root, teamText, { force, markers, catalog, sources: ready?.pins });
    // An `agent` setting that still names an agent the team dropped (a remove cut short) is cleared.
    const gone = formerAgents(first.previousLock?.files, new Set(teamAgents(team).map((a) => a.name)));
    const extra = gone.length > 0 ? clearActiveAgent(root, gone) : [];
    const change = extra.length > 0 ? planTeam(root, teamText, { force, markers, catalog: first.catalog, extra, sources: ready?.pins }) : first;
    const lockDrift = !sameLockedFiles(change.previousLock, change.plan.lock);
    const drift = hasChanges(change.plan) || lockDrift || change.plan.entries.some((e) => e.action === 'conflict');
    const previous = change.previousLock;
    if (frozen && previous && (previous.generator !== change.plan.lock.generator || previous.catalog !== change.plan.lock.catalog)) {
      const what = previous.generator !== change.plan.lock.generator ? `it was written by ${previous.generator}, this is ${change.plan.lock.generator}` : 'the library it was made from has changed';
      throw failure('lockfile-outdated', `${LOCK_FILE} does not match this agent-team: ${what}. A frozen install refuses to change it.`, `Sync where the team is edited, and commit ${LOCK_FILE} with it.`);
    }
    if (frozen && lockDrift) {
      throw failure(
        'lockfile-outdated',
        `${LOCK_FILE} does not match ${TEAM_FILE} and the library: a frozen install refuses to change it.`,
        `Sync where the team is edited, and commit ${LOCK_FILE} with it.`,
        change.plan.entries.filter((e) => e.action !== 'unchanged' && e.kind !== 'team').slice(0, 20).map((e) => `${e.action} ${e.path}`),
      );
    }
    // A frozen install writes the files the lockfile records and never the lockfile itself.
    const conflicts = change.plan.entries.filter((e) => e.reason === 'merge-conflict' && e.action === 'conflict').map((e) => e.path);
    return { ...teamDecision(change, !frozen), drift, conflicts, sources: ready?.sources ?? [] };
  });
}
