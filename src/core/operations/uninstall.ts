import { readLock } from '../apply/lockfile.js';
import { LOCAL_DIR } from '../apply/local-state.js';
import { findBlock, removeBlock } from '../claude/claude-md.js';
import { CLAUDE_DIR, CLAUDE_MD, LOCK_FILE, PRUNABLE_PARENTS, TEAM_FILE } from '../paths.js';
import type { PlanEntry } from '../plan/plan.js';
import { planUninstall } from '../pipeline.js';
import { assertFolder, findProjectRoot, readProjectFile } from '../project.js';
import { parseTeam, readTeamText } from '../team/team-file.js';
import { clearActiveAgent } from './active-agent.js';
import { runOperation, type OperationOptions, type Outcome } from './run.js';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { failure } from '../errors.js';

export interface UninstallOutcome extends Outcome {
  root: string;
  hadLockfile: boolean;
}

/** The project whose team is being removed: a team file, or what an uninstall cut short left. */
function uninstallRoot(cwd: string): string {
  assertFolder(cwd);
  const found = findProjectRoot(cwd);
  if (found) return found;
  const here = resolve(cwd);
  if (existsSync(join(here, LOCK_FILE)) || existsSync(join(here, LOCAL_DIR))) return here;
  throw failure('not-initialised', `No agent team here: ${TEAM_FILE} was not found in ${here} or any folder above it.`, 'Set up a team in the project first.', undefined, { folder: here });
}

/**
 * Removes what agent-team wrote and nobody edited, its CLAUDE.md section, the `agent` setting if
 * it names a team agent, then the team file and the lockfile — in that order, so running it
 * again after a crash finishes the job.
 */
export async function uninstallTeam(cwd: string, input: { force?: boolean }, options: OperationOptions = {}): Promise<UninstallOutcome> {
  const root = uninstallRoot(cwd);
  return runOperation(root, options, () => {
    const teamText = readTeamText(root);
    const team = teamText === undefined ? undefined : parseTeam(teamText);
    const lock = readLock(root);
    const read = (p: string) => readProjectFile(root, p);
    const agents = new Set([...Object.keys(team?.agents ?? {}), ...Object.values(lock?.files ?? {}).flatMap((f) => f.agents)]);
    // The `agent` key and the settings agent-team merged come out in one edit per file.
    const plan = planUninstall(root, teamText, Boolean(input.force), clearActiveAgent(root, [...agents]));
    const entries: PlanEntry[] = [...plan.entries];
    const claudeMd = read(CLAUDE_MD)?.toString('utf8');
    if (claudeMd !== undefined && !lock?.files[CLAUDE_MD] && findBlock(claudeMd)) {
      const rest = removeBlock(claudeMd);
      entries.push({ path: CLAUDE_MD, kind: 'block', agents: [], ...(rest === '' ? { action: 'delete' } : { action: 'update', content: Buffer.from(rest) }) });
    }
    if (teamText !== undefined) entries.push({ path: TEAM_FILE, kind: 'team', action: 'delete', agents: [] });
    if (lock) entries.push({ path: LOCK_FILE, kind: 'team', action: 'delete', agents: [] });
    const ownership = Object.fromEntries(plan.entries.filter((e) => e.action === 'delete').map((e) => [e.path, null]));
    return { entries, ownership, prune: [...PRUNABLE_PARENTS, CLAUDE_DIR], forget: true, root, hadLockfile: Boolean(lock) };
  });
}
