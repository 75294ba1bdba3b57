import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import { readLock } from '../core/apply/lockfile.js';
import { addSource, removeSource, updateSources, type SourceAddOutcome, type SourceOutcome, type SourceRemoveOutcome } from '../core/operations/source.js';
import { openProject } from '../core/project.js';
import { sourceViews } from '../core/sources/list.js';
import { outcomeJson, outcomeLines } from '../present/outcome.js';
import { findingLines, readySourceJson, readySourceLines, sourceListLines } from '../present/sources.js';
import { CLI } from '../present/style.js';

/** `source add|list|update|remove`: the subcommand is the name commander ran. */
export async function run(ctx: Context, opts: Record<string, unknown>, args: unknown[], cmd: Command): Promise<void> {
  const allow = (opts.allow as string[] | undefined) ?? [];
  const options = { dryRun: ctx.dryRun, onWait: ctx.onWait };
  switch (cmd.name()) {
    case 'add': {
      const input = { spec: args[0] as string, name: opts.name as string | undefined, trust: opts.trust as 'official' | 'community' | 'untrusted' | undefined, allow, force: Boolean(opts.force) };
      const outcome = await ctx.out.during(ctx.dryRun ? 'Fetching and scanning (dry run)...' : 'Fetching and scanning...', () => addSource(ctx.cwd, input, options));
      return presentAdd(ctx, outcome);
    }
    case 'update': {
      const outcome = await ctx.out.during('Fetching and scanning...', () => updateSources(ctx.cwd, { names: (args[0] as string[] | undefined) ?? [], allow, force: Boolean(opts.force) }, options));
      return presentUpdate(ctx, outcome);
    }
    case 'remove': {
      const outcome = await ctx.out.during(ctx.dryRun ? 'Planning...' : 'Removing...', () => removeSource(ctx.cwd, { name: args[0] as string, force: Boolean(opts.force) }, options));
      return presentRemove(ctx, outcome);
    }
    default: {
      const { root, team } = openProject(ctx.cwd);
      const views = sourceViews(team, readLock(root));
      ctx.out.result({ command: 'source list', sources: views }, () => sourceListLines(ctx.out.style, views));
    }
  }
}

function presentAdd(ctx: Context, outcome: SourceAddOutcome): void {
  const s = ctx.out.style;
  const findings = outcome.folder?.findings.filter((f) => f.severity !== 'low' || f.allowed) ?? [];
  ctx.out.result({ command: 'source add', name: outcome.name, kind: outcome.kind, sources: outcome.sources.map(readySourceJson), findings: outcome.folder?.findings, ...outcomeJson(outcome, ctx.dryRun) }, () => [
    s.bold(`${ctx.dryRun ? 'Would add' : 'Added'} source ${outcome.name}${outcome.kind === 'folder' ? ' (a folder in the project)' : ''}.`),
    ...readySourceLines(s, outcome.sources, { all: true }),
    ...findingLines(s, findings),
    ...outcomeLines(s, { ...outcome, sources: [] } as SourceAddOutcome, ctx.dryRun),
    ...(outcome.kind === 'git' && !ctx.dryRun
      ? [`Give a role its skills in the team file, e.g. roles: { <role>: { skills: { include: [${outcome.name}:<skill>] } } }, then run ${s.cyan(`${CLI} sync`)}.`]
      : []),
  ]);
}

function presentUpdate(ctx: Context, outcome: SourceOutcome): void {
  const s = ctx.out.style;
  const moved = outcome.sources.filter((src) => src.previous && src.previous.commit !== src.pin.commit);
  ctx.out.result({ command: 'source update', sources: outcome.sources.map(readySourceJson), ...outcomeJson(outcome, ctx.dryRun) }, () => [
    s.bold(moved.length ? `${ctx.dryRun ? 'Would update' : 'Updated'} ${moved.map((m) => m.name).join(', ')}.` : 'Every source is at what its ref names.'),
    ...readySourceLines(s, outcome.sources, { all: true }),
    ...outcomeLines(s, { ...outcome, sources: [] } as SourceOutcome, ctx.dryRun),
  ]);
  const conflicts = outcome.entries.filter((e) => e.reason === 'merge-conflict' && e.action === 'conflict');
  if (conflicts.length && !ctx.dryRun) process.exitCode = 1;
}

function presentRemove(ctx: Context, outcome: SourceRemoveOutcome): void {
  const kept = outcome.entries.some((e) => e.action === 'keep' || e.action === 'conflict');
  ctx.out.result({ command: 'source remove', name: outcome.name, ...outcomeJson(outcome, ctx.dryRun) }, () => [
    ctx.out.style.bold(`${ctx.dryRun ? 'Would remove' : 'Removed'} source ${outcome.name}.${kept ? ' Edited files stay as your own.' : ''}`),
    ...outcomeLines(ctx.out.style, outcome, ctx.dryRun),
  ]);
}
