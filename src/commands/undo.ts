import type { Context } from '../cli/context.js';
import { undoLast } from '../core/operations/undo.js';
import { outcomeJson, outcomeLines } from '../present/outcome.js';

export async function run(ctx: Context): Promise<void> {
  const outcome = await undoLast(ctx.cwd, { dryRun: ctx.dryRun, onWait: ctx.onWait });
  const s = ctx.out.style;
  ctx.out.result({ command: 'undo', undone: outcome.undone, ...outcomeJson(outcome, ctx.dryRun) }, () => [
    s.bold(`${ctx.dryRun ? 'Would undo' : 'Undid'} "${outcome.undone}".`),
    ...outcomeLines(s, outcome, ctx.dryRun),
  ]);
}
