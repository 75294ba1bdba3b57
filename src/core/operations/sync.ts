import { readLock, sameLockedFiles } from '../apply/lockfile.js';
import { foundVersions, versionDrift, type VersionDrift } from '../detect/drift.js';
import { failure, usageError } from '../errors.js';
import type { Catalog } from '../library/model.js';
import { LOCK_FILE, TEAM_FILE } from '../paths.js';
import { loadTeamCatalog, planTeam } from '../pipeline.js';
import { ensureSources, type ReadySource } from '../sources/ensure.js';
import { withAgentVersions } from '../team/edit.js';
import { gitSources } from '../team/schema.js';
import type { TeamAgent } from '../team/team-file.js';
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
  /** Recorded majors the project's files now contradict (plain sync only): the agents still get the recorded major's conventions. */
  versionDrift: VersionDrift[];
  /** With `updateVersions`: the majors written into the team file, agent by agent. */
  versionsRecorded: Array<{ agent: string; value: string; from?: number; to: number; file: string }>;
}

/** Detection only informs: a file it cannot read never stops a sync. */
function quietly<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch {
    return fallback;
  }
}

/** The team text with every agent's majors set to what the project's files state now. */
function recordVersions(root: string, catalog: Catalog, teamText: string, agents: TeamAgent[]): { text: string; recorded: SyncOutcome['versionsRecorded'] } {
  let text = teamText;
  const recorded: SyncOutcome['versionsRecorded'] = [];
  for (const agent of agents) {
    const found = quietly(() => foundVersions(root, catalog, agent), {});
    const changes: Record<string, number> = {};
    for (const [value, now] of Object.entries(found)) {
      const before = Object.hasOwn(agent.versions, value) ? agent.versions[value] : undefined;
      if (before === now.major) continue;
      changes[value] = now.major;
      recorded.push({ agent: agent.name, value, ...(before === undefined ? {} : { from: before }), to: now.major, file: now.file });
    }
    if (Object.keys(changes).length > 0) text = withAgentVersions(text, agent.name, changes);
  }
  return { text, recorded };
}

/** Agents the lockfile knows that the team file no longer has. */
function formerAgents(previous: Record<string, { agents: string[] }> | undefined, current: Set<string>): string[] {
  const former = new Set<string>();
  for (const entry of Object.values(previous ?? {})) for (const agent of entry.agents) if (!current.has(agent)) former.add(agent);
  return [...former];
}

/** Makes the project match the team file; `check` only reports, `frozen` installs what the lockfile records. */
export async function syncTeam(cwd: string, input: unknown, options: OperationOptions = {}): Promise<SyncOutcome> {
  const { check, frozen, force, markers, updateVersions } = parseInput(SyncInput, input, 'sync options');
  if (check && frozen) {
    throw usageError('conflicting-input', 'Checking and a frozen install do different jobs; ask for one of them.', 'A check only reports drift; a frozen install writes exactly what the lockfile records.');
  }
  if (updateVersions && (check || frozen)) {
    throw usageError('conflicting-input', `Recording versions changes ${TEAM_FILE}; a ${check ? 'check' : 'frozen install'} never does.`, 'Record the versions with a plain sync where the team is edited, and commit the team file.');
  }
  return runOperation(projectRoot(cwd), { ...options, dryRun: options.dryRun || check }, () => {
    const opened = openProject(cwd);
    const { root, team } = opened;
    let teamText = opened.teamText;
    // Git sources first: the catalog is made from the commits they are pinned to, fetched if need be.
    const ready = gitSources(team).length > 0 ? ensureSources(root, team, readLock(root), { frozen }) : undefined;
    const catalog = ready ? loadTeamCatalog(root, team, ready.dirs) : undefined;
    let versionsRecorded: SyncOutcome['versionsRecorded'] = [];
    if (updateVersions) {
      ({ text: teamText, recorded: versionsRecorded } = recordVersions(root, catalog ?? loadTeamCatalog(root, team), teamText, teamAgents(team)));
    }
    const first = planTeam(root, teamText, { force, markers, catalog, sources: ready?.pins });
    // An `agent` setting that still names an agent the team dropped (a remove cut short) is cleared.
    const gone = formerAgents(first.previousLock?.files, new Set(teamAgents(team).map((a) => a.name)));
    const extra = gone.length > 0 ? clearActiveAgent(root, gone) : [];
    const change = extra.length > 0 ? planTeam(root, teamText, { force, markers, catalog: first.catalog, extra, sources: ready?.pins }) : first;
    let lockDrifted: boolean | undefined;
    const lockDrift = () => (lockDrifted ??= !sameLockedFiles(change.previousLock, change.plan.lock));
    const drift = hasChanges(change.plan) || change.plan.entries.some((e) => e.action === 'conflict') || lockDrift();
    const previous = change.previousLock;
    if (frozen && previous && (previous.generator !== change.plan.lock.generator || previous.catalog !== change.plan.lock.catalog)) {
      const what = previous.generator !== change.plan.lock.generator ? `it was written by ${previous.generator}, this is ${change.plan.lock.generator}` : 'the library it was made from has changed';
      throw failure('lockfile-outdated', `${LOCK_FILE} does not match this agent-team: ${what}. A frozen install refuses to change it.`, `Sync where the team is edited, and commit ${LOCK_FILE} with it.`);
    }
    if (frozen && lockDrift()) {
      throw failure(
        'lockfile-outdated',
        `${LOCK_FILE} does not match ${TEAM_FILE} and the library: a frozen install refuses to change it.`,
        `Sync where the team is edited, and commit ${LOCK_FILE} with it.`,
        change.plan.entries.filter((e) => e.action !== 'unchanged' && e.kind !== 'team').slice(0, 20).map((e) => `${e.action} ${e.path}`),
      );
    }
    // A frozen install writes the files the lockfile records and never the lockfile itself.
    const conflicts = change.plan.entries.filter((e) => e.reason === 'merge-conflict' && e.action === 'conflict').map((e) => e.path);
    const agents = teamAgents(team);
    // Only recorded majors can drift: a team without any never needs the catalog here.
    const recordsVersions = agents.some((a) => Object.keys(a.versions).length > 0);
    const majorDrift = check || frozen || updateVersions || !recordsVersions ? [] : quietly(() => versionDrift(root, first.catalog, agents), []);
    return teamDecision(change, !frozen, {
      ...(versionsRecorded.length > 0 ? { undoable: 'sync --versions' } : {}),
      drift,
      conflicts,
      sources: ready?.sources ?? [],
      versionDrift: majorDrift,
      versionsRecorded,
    });
  });
}
