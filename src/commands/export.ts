import type { Command } from 'commander';
import { basename, dirname, join, resolve } from 'node:path';
import type { Context } from '../cli/context.js';
import { agentsMd } from '../core/export/agents-md.js';
import { installedTeam } from '../core/export/installed.js';
import { pluginFiles } from '../core/export/plugin.js';
import { assertOutsideClaude, existingFiles, writeExport, type ExportFile } from '../core/export/write.js';
import { failure } from '../core/errors.js';
import { openProject } from '../core/project.js';
import { planTeam } from '../core/pipeline.js';
import { exportLines, type ExportSummaryView } from '../present/export.js';

/** `export plugin <dir>` and `export agents-md [file]`. */
export async function run(ctx: Context, opts: Record<string, unknown>, args: unknown[], cmd: Command): Promise<void> {
  const force = Boolean(opts.force);
  if (cmd.name() === 'plugin') {
    const dir = resolve(ctx.cwd, args[0] as string);
    const team = installedTeam(ctx.cwd);
    assertOutsideClaude(team.change.root, dir);
    const plugin = pluginFiles(team, { name: opts.name as string | undefined, version: opts.pluginVersion as string | undefined, owner: opts.owner as string | undefined, license: opts.license as string | undefined });
    return write(ctx, team.change.root, dir, plugin.files, force, { kind: 'plugin', name: plugin.name, dropped: plugin.dropped, agents: team.agents.length, skills: team.skills.length });
  }
  const { root, teamText } = openProject(ctx.cwd);
  const change = planTeam(root, teamText);
  if (change.agents.length === 0) throw failure('no-agents', 'The team has no agents to describe.', 'Add agents to the team first.');
  const file = resolve(ctx.cwd, (args[0] as string | undefined) ?? join(root, 'AGENTS.md'));
  const dir = dirname(file);
  const name = basename(file);
  assertOutsideClaude(root, file);
  return write(ctx, root, dir, [{ path: name, content: Buffer.from(agentsMd(root, change.agents, change.catalog), 'utf8') }], force, { kind: 'agents-md', agents: change.agents.length });
}

function write(ctx: Context, root: string, dir: string, files: ExportFile[], force: boolean, summary: ExportSummaryView): void {
  const overwrites = existingFiles(dir, files);
  const result = ctx.dryRun ? { written: [] as string[], overwritten: [] as string[] } : writeExport(root, dir, files, force);
  ctx.out.result({ command: `export ${summary.kind}`, dir, dryRun: ctx.dryRun, files: files.map((f) => f.path), overwritten: ctx.dryRun ? overwrites : result.overwritten, ...summary }, () => exportLines(ctx.out.style, dir, files, summary, ctx.dryRun, ctx.dryRun ? overwrites : result.overwritten, force));
}
