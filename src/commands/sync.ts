import type { Context } from '../context.js';
import { failure, usageError } from '../core/errors.js';
import { sameLockedFiles } from '../core/lockfile.js';
import { LOCK_FILE, TEAM_FILE } from '../core/paths.js';
import { hasChanges } from '../core/plan.js';
import { applyTeamChange, openProject, planTeam } from '../core/project.js';
import { applyEntries } from '../core/apply.js';
import { report, underLock } from './shared.js';

interface SyncOptions {
  check?: boolean;
  frozen?: boolean;
  force?: boolean;
}

export async function run(ctx: Context, opts: Record<string, unknown>): Promise<void> {
  const options = opts as SyncOptions;
  if (options.check && options.frozen) {
    throw usageError('conflicting-input', '--check and --frozen do different jobs; pass one of them.', '--check only reports drift; --frozen installs exactly what the lockfile records.');
  }
  const project = openProject(ctx.cwd);
  const readOnly = ctx.dryRun || options.check;
  await underLock({ ...ctx, dryRun: Boolean(readOnly) }, project.root, () => {
    const { root, teamText } = openProject(project.root);
    const change = planTeam(root, teamText, { force: options.force });
    const conflicts = change.plan.entries.filter((e) => e.action === 'conflict').length;
    const lockDrift = !sameLockedFiles(change.previousLock, change.plan.lock);

    if (options.check) {
      const drift = hasChanges(change.plan) || conflicts > 0 || lockDrift;
      report(ctx, change, undefined, { command: 'sync', check: true, inSync: !drift }, () => [
        drift ? ctx.out.style.yellow(`The project does not match ${TEAM_FILE}:`) : ctx.out.style.green(`In sync with ${TEAM_FILE}.`),
      ], drift ? ['Run `agent-team sync` and commit the result.'] : []);
      if (drift) process.exitCode = 1;
      return;
    }
    if (options.frozen && lockDrift) {
      throw failure(
        'lockfile-outdated',
        `${LOCK_FILE} does not match ${TEAM_FILE} and the library: --frozen refuses to change it.`,
        `Run \`agent-team sync\` where you edit the team, and commit ${LOCK_FILE} with it.`,
        change.plan.entries.filter((e) => e.action !== 'unchanged' && e.kind !== 'team').slice(0, 20).map((e) => `${e.action} ${e.path}`),
      );
    }
    // --frozen writes the files the lockfile records and never the lockfile itself.
    const result = ctx.dryRun ? undefined : options.frozen ? applyEntries(root, change.plan.entries) : applyTeamChange(change);
    const changed = hasChanges(change.plan);
    report(ctx, change, result, { command: 'sync', frozen: Boolean(options.frozen) }, () => [
      ctx.out.style.bold(
        changed
          ? `${ctx.dryRun ? 'Would sync' : 'Synced'} the project with ${TEAM_FILE}.`
          : conflicts > 0 ? 'Nothing to write, but edited files differ from the team file:' : `Already in sync with ${TEAM_FILE}.`,
      ),
    ]);
  });
}
