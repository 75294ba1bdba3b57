import type { Context } from '../cli/context.js';
import { uninstallTeam } from '../core/operations/index.js';
import { LOCK_FILE } from '../core/paths.js';
import { openProject } from '../core/pipeline.js';
import { report } from './shared.js';

export async function run(ctx: Context, opts: Record<string, unknown>): Promise<void> {
  const { root } = openProject(ctx.cwd);
  const outcome = await uninstallTeam(ctx.cwd, { force: Boolean(opts.force) }, { dryRun: ctx.dryRun });
  const kept = outcome.entries.filter((e) => e.action === 'keep' || e.action === 'conflict').length;
  const s = ctx.out.style;
  report(ctx, outcome, { command: 'uninstall', root }, () => [s.bold(`${ctx.dryRun ? 'Would remove' : 'Removed'} the agent team from ${root}.`)], [
    ...(kept ? [s.yellow(`${kept} edited file${kept === 1 ? '' : 's'} stay as your own (--force deletes them, keeping a .bak).`)] : []),
    ...(outcome.hadLockfile ? [] : [s.yellow(`There was no ${LOCK_FILE}, so only the team file and the CLAUDE.md section could be identified as agent-team's.`)]),
  ]);
}
