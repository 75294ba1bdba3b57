import type { Context } from '../cli/context.js';
import { failure } from '../core/errors.js';
import { removeAgents } from '../core/operations/remove.js';
import { type TeamOutcome } from '../core/operations/add.js';
import { loadTeamCatalog } from '../core/pipeline.js';
import { openProject } from '../core/project.js';
import { teamAgents } from '../core/team/team-file.js';
import { agentLine } from '../present/agents.js';
import { planReviewLines } from '../present/plan.js';
import { checklist, confirmOrCancel } from './io.js';

const SKILL_FILE = /^\.claude\/skills\/([^/]+)\/SKILL\.md$/;

/** Skills the removed agents had that stay, grouped by the agents that still need them. */
function sharedSkills(outcome: TeamOutcome, removed: string[]): Map<string, string[]> {
  const before = outcome.change.previousLock?.files ?? {};
  const byOwners = new Map<string, string[]>();
  for (const entry of outcome.entries) {
    const skill = SKILL_FILE.exec(entry.path)?.[1];
    if (!skill || entry.action === 'delete' || entry.agents.length === 0) continue;
    if (!before[entry.path]?.agents.some((a) => removed.includes(a))) continue;
    const owners = entry.agents.join(', ');
    byOwners.set(owners, [...(byOwners.get(owners) ?? []), skill]);
  }
  return byOwners;
}

/** `remove` in a terminal without names: tick agents, see what goes and what stays, confirm. */
export async function guidedRemove(ctx: Context, options: { force: boolean }): Promise<TeamOutcome & { removed: string[] }> {
  const { root, team } = openProject(ctx.cwd);
  const agents = teamAgents(team);
  if (agents.length === 0) throw failure('no-agents', 'The team has no agents to remove.', 'Add one with `agent-team add`.');
  const catalog = loadTeamCatalog(root, team);
  const width = Math.max(...agents.map((a) => a.name.length)) + 2;
  const names = await checklist<string>({
    message: 'Remove which agents?',
    required: true,
    choices: agents.map((a) => ({ value: a.name, name: agentLine(ctx.out.style, catalog, a, width), short: a.name })),
  });
  const input = { names, force: options.force };
  const preview = await ctx.out.during('Planning...', () => removeAgents(ctx.cwd, input, { dryRun: true }));
  if (ctx.dryRun) return preview;

  const s = ctx.out.style;
  ctx.out.line();
  ctx.out.line(s.bold('Files:'));
  for (const line of planReviewLines(s, preview.entries)) ctx.out.line(line);
  const shared = sharedSkills(preview, names);
  if (shared.size > 0) {
    ctx.out.line(s.bold('Skills that stay, because other agents use them:'));
    for (const [owners, skills] of shared) ctx.out.line(`  ${s.cyan('=')} ${skills.join(', ')} ${s.dim(`(${owners})`)}`);
  }
  ctx.out.line();
  await confirmOrCancel(`Remove ${names.join(', ')}?`, false);
  return ctx.out.during('Removing...', () => removeAgents(ctx.cwd, input, { expectPlan: preview.planDigest, onWait: ctx.onWait }));
}
