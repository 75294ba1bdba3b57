import type { Context } from '../cli/context.js';
import { syncTeam } from '../core/operations/index.js';
import { TEAM_FILE } from '../core/paths.js';
import { hasChanges } from '../core/plan/plan.js';
import { report } from './shared.js';

export async function run(ctx: Context, opts: Record<string, unknown>): Promise<void> {
  const input = { check: Boolean(opts.check), frozen: Boolean(opts.frozen), force: Boolean(opts.force) };
  const outcome = await syncTeam(ctx.cwd, input, { dryRun: ctx.dryRun });
  const s = ctx.out.style;
  if (input.check) {
    report(ctx, outcome, { command: 'sync', check: true, inSync: !outcome.drift }, () => [
      outcome.drift ? s.yellow(`The project does not match ${TEAM_FILE}:`) : s.green(`In sync with ${TEAM_FILE}.`),
    ], outcome.drift ? ['Run `agent-team sync` and commit the result.'] : []);
    if (outcome.drift) process.exitCode = 1;
    return;
  }
  const changed = hasChanges(outcome.change.plan);
  const conflicts = outcome.entries.some((e) => e.action === 'conflict');
  report(ctx, outcome, { command: 'sync', frozen: input.frozen }, () => [
    s.bold(
      changed
        ? `${ctx.dryRun ? 'Would sync' : 'Synced'} the project with ${TEAM_FILE}.`
        : conflicts ? 'Nothing to write, but edited files differ from the team file:' : `Already in sync with ${TEAM_FILE}.`,
    ),
  ]);
}
