import { readUndo } from '../apply/local-state.js';
import { agentSettingEntry } from '../claude/settings-edit.js';
import { readSettings } from '../claude/settings.js';
import { failure } from '../errors.js';
import { planTeam } from '../pipeline.js';
import type { PlanEntry } from '../plan/plan.js';
import { openProject, projectRoot } from '../project.js';
import type { TeamOutcome } from './add.js';
import { runOperation, teamDecision, type OperationOptions } from './run.js';

export interface UndoOutcome extends TeamOutcome {
  /** What was taken back. */
  undone: string;
}

/**
 * Takes back the last applied change of the team (add, remove, switch, a role override, init):
 * the team file and the `agent` settings go back to what they were, and the files follow them
 * through the same plan as any change — so edited files are still never lost. Undoing again
 * takes the undo back.
 */
export async function undoLast(cwd: string, options: OperationOptions = {}): Promise<UndoOutcome> {
  return runOperation(projectRoot(cwd), options, () => {
    const { root, teamText } = openProject(cwd);
    const point = readUndo(root);
    if (!point) throw failure('nothing-to-undo', 'There is no change to undo.', 'Only the last change made on this machine can be undone.');
    if (point.team === null) {
      throw failure('undo-is-uninstall', `Undoing "${point.what}" would remove the whole team.`, 'Uninstall the team instead.', undefined, { what: point.what });
    }
    const settings: PlanEntry[] = [];
    for (const [path, agent] of Object.entries(point.agent)) {
      const entry = agentSettingEntry(readSettings(root, path), agent ?? undefined);
      if (entry.action !== 'unchanged') settings.push(entry);
    }
    const change = planTeam(root, point.team, { before: teamText, extra: settings });
    const same = point.team === teamText && settings.length === 0;
    // Undoing an undo makes the original change again, and says so.
    const again = /^undo "(.*)"$/.exec(point.what)?.[1];
    return teamDecision(change, true, { undoable: same ? undefined : (again ?? `undo "${point.what}"`), undone: point.what });
  });
}
