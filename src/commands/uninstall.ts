import type { Context } from '../cli/context.js';
import { uninstallTeam } from '../core/operations/uninstall.js';
import { LOCK_FILE } from '../core/paths.js';
import { outcomeJson, outcomeLines } from '../present/outcome.js';
import { count } from '../present/words.js';

export async function run(ctx: Context, opts: Record<string, unknown>): Promise<void> {
  const outcome = await uninstallTeam(ctx.cwd, { force: Boolean(opts.force) }, { dryRun: ctx.dryRun, onWait: ctx.onWait });
  const kept = outcome.entries.filter((e) => e.action === 'keep' || e.action === 'conflict').length;
  const s = ctx.out.style;
  const root = outcome.root;
  ctx.out.result({ command: 'uninstall', root, ...outcomeJson(outcome, ctx.dryRun) }, () => [
    s.bold(`${ctx.dryRun ? 'Would remove' : 'Removed'} the agent team from ${root}.`),
    ...outcomeLines(s, outcome, ctx.dryRun),
    ...(kept ? [s.yellow(`${count(kept, 'edited file')} stay as your own (--force deletes them, keeping a .bak).`)] : []),
    ...(outcome.hadLockfile ? [] : [s.yellow(`There was no ${LOCK_FILE}, so only the team file and the CLAUDE.md section could be identified as agent-team's.`)]),
  ]);
}
