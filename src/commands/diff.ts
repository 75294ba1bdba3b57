import type { Context } from '../cli/context.js';
import { failure } from '../core/errors.js';
import { syncTeam } from '../core/operations/sync.js';
import { own } from '../core/own.js';
import { readProjectFile } from '../core/project.js';
import { openProject } from '../core/project.js';
import { unifiedDiffs, diffLines } from '../present/diff.js';

/** `agent-team diff [agent]`: sync's plan as unified diffs, changing nothing. */
export async function run(ctx: Context, _opts: Record<string, unknown>, args: unknown[]): Promise<void> {
  const agent = args[0] as string | undefined;
  const { team } = openProject(ctx.cwd);
  if (agent !== undefined && !own(team.agents ?? {}, agent)) {
    throw failure('unknown-agent', `No agent named "${agent}" in the team.`, `The team has: ${Object.keys(team.agents ?? {}).join(', ') || 'no agents'}.`, undefined, { agents: [agent] });
  }
  const outcome = await syncTeam(ctx.cwd, {}, { dryRun: true });
  const entries = outcome.entries.filter((e) => agent === undefined || e.agents.includes(agent));
  const disk = (path: string) => readProjectFile(outcome.change.root, path);
  ctx.out.result({ command: 'diff', agent: agent ?? null, diffs: unifiedDiffs(entries, disk) }, () => {
    const lines = diffLines(ctx.out.style, entries, disk);
    return lines.length ? lines : [`Nothing to change${agent ? ` for ${agent}` : ''}: the files match the team file.`];
  });
}
