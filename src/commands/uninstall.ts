import { existsSync, readdirSync, readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from '../context.js';
import { applyEntries } from '../core/apply.js';
import { findBlock, removeBlock } from '../core/claude-md-block.js';
import { readLock } from '../core/lockfile.js';
import { CLAUDE_DIR, CLAUDE_MD, LOCK_FILE, PRUNABLE_PARENTS, TEAM_FILE } from '../core/paths.js';
import { planChanges, type PlanEntry } from '../core/plan.js';
import { openProject } from '../core/project.js';
import { GENERATOR } from '../version.js';
import { planJson, planLines } from '../report.js';
import { clearActiveAgent } from './remove.js';
import { underLock } from './shared.js';

function readOptional(root: string, path: string): Buffer | undefined {
  return existsSync(join(root, path)) ? readFileSync(join(root, path)) : undefined;
}

export async function run(ctx: Context, opts: Record<string, unknown>): Promise<void> {
  const project = openProject(ctx.cwd);
  await underLock(ctx, project.root, () => {
    const { root, team } = openProject(project.root);
    const lock = readLock(root);
    // Nothing is wanted any more: the planner deletes what is unchanged and keeps what was edited.
    const plan = planChanges([], (p) => readOptional(root, p), lock, { force: Boolean(opts.force), generator: GENERATOR, catalogDigest: '' });
    const entries: PlanEntry[] = [...plan.entries];
    const claudeMd = readOptional(root, CLAUDE_MD)?.toString('utf8');
    if (claudeMd !== undefined && !lock?.files[CLAUDE_MD] && findBlock(claudeMd)) {
      const rest = removeBlock(claudeMd);
      entries.push(rest === '' ? { path: CLAUDE_MD, kind: 'block', action: 'delete', agents: [] } : { path: CLAUDE_MD, kind: 'block', action: 'update', agents: [], content: Buffer.from(rest) });
    }
    entries.push(...clearActiveAgent(root, Object.keys(team.agents ?? {})));
    entries.push({ path: TEAM_FILE, kind: 'team', action: 'delete', agents: [] });
    if (lock) entries.push({ path: LOCK_FILE, kind: 'team', action: 'delete', agents: [] });

    let result;
    if (!ctx.dryRun) {
      result = applyEntries(root, entries);
      for (const dir of [...PRUNABLE_PARENTS, CLAUDE_DIR]) {
        const abs = join(root, dir);
        if (existsSync(abs) && readdirSync(abs).length === 0) rmdirSync(abs);
      }
    }
    const kept = entries.filter((e) => e.action === 'keep' || e.action === 'conflict');
    const s = ctx.out.style;
    ctx.out.result({ command: 'uninstall', root, dryRun: ctx.dryRun, ...planJson(entries), backups: result?.backups ?? [] }, () => [
      s.bold(`${ctx.dryRun ? 'Would remove' : 'Removed'} the agent team from ${root}.`),
      ...planLines(ctx.out, entries),
      ...(kept.length ? [s.yellow(`${kept.length} edited file${kept.length === 1 ? '' : 's'} stay as your own (--force deletes them, keeping a .bak).`)] : []),
      ...(lock ? [] : [s.yellow(`There was no ${LOCK_FILE}, so only the team file and the CLAUDE.md section could be identified as agent-team's.`)]),
    ]);
  });
}
