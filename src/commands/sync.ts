import type { Context } from '../cli/context.js';
import { syncTeam } from '../core/operations/sync.js';
import { TEAM_FILE } from '../core/paths.js';
import { hasChanges } from '../core/plan/plan.js';
import { outcomeJson, outcomeLines } from '../present/outcome.js';
import { readProjectFile } from '../core/project.js';
import { diffLines } from '../present/diff.js';
import { CLI } from '../present/style.js';
import { versionDriftLines, versionsRecordedLines } from '../present/versions.js';

export async function run(ctx: Context, opts: Record<string, unknown>): Promise<void> {
  const input = {
    check: Boolean(opts.check),
    frozen: Boolean(opts.frozen),
    force: Boolean(opts.force),
    markers: Boolean(opts.markers),
    updateVersions: Boolean(opts.versions),
  };
  const outcome = await syncTeam(ctx.cwd, input, { dryRun: ctx.dryRun, onWait: ctx.onWait });
  const s = ctx.out.style;
  if (input.check) {
    ctx.out.result({ command: 'sync', check: true, inSync: !outcome.drift, ...outcomeJson(outcome, ctx.dryRun) }, () => [
      outcome.drift ? s.yellow(`The project does not match ${TEAM_FILE}:`) : s.green(`In sync with ${TEAM_FILE}.`),
      ...outcomeLines(s, outcome, ctx.dryRun),
      ...(outcome.drift ? [`Run \`${CLI} sync\` and commit the result.`] : []),
    ]);
    if (outcome.drift) process.exitCode = 1;
    return;
  }
  const changed = hasChanges(outcome.change.plan);
  const conflicts = outcome.entries.some((e) => e.action === 'conflict');
  const versions = { versionDrift: outcome.versionDrift, ...(input.updateVersions ? { versionsRecorded: outcome.versionsRecorded } : {}) };
  ctx.out.result({ command: 'sync', frozen: input.frozen, mergeConflicts: outcome.conflicts, ...versions, ...outcomeJson(outcome, ctx.dryRun) }, () => [
    ...(input.updateVersions ? versionsRecordedLines(s, outcome.versionsRecorded, ctx.dryRun) : []),
    s.bold(
      changed
        ? `${ctx.dryRun ? 'Would sync' : 'Synced'} the project with ${TEAM_FILE}.`
        : conflicts ? 'Nothing to write, but edited files differ from the team file:' : `Already in sync with ${TEAM_FILE}.`,
    ),
    ...outcomeLines(s, outcome, ctx.dryRun),
    ...(ctx.dryRun ? diffLines(s, outcome.entries, (path) => readProjectFile(outcome.change.root, path)) : []),
    ...(outcome.conflicts.length
      ? [s.yellow(`Your edits clash with the new version in ${outcome.conflicts.join(', ')}: see both with \`${CLI} diff\`, then decide each with \`${CLI} resolve <file> --keep\`, --replace (keeps a .bak) or --merge.`)]
      : []),
    ...versionDriftLines(s, outcome.versionDrift),
  ]);
  // A clash needs a person: fail, so CI and scripts notice.
  if (outcome.conflicts.length && !ctx.dryRun) process.exitCode = 1;
}
