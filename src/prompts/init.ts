import type { Context } from '../cli/context.js';
import { detectIn, detectedSelection, type Detection, type Selection } from '../core/detect/index.js';
import type { Catalog } from '../core/library/model.js';
import { initTeam, type InitOutcome } from '../core/operations/init.js';
import { agentViewsOf } from '../core/views/index.js';
import { agentLine, agentReviewLines, packagesOf } from '../present/agents.js';
import { stackLines } from '../present/detect.js';
import { fileCount, planReviewLines } from '../present/plan.js';
import { count } from '../present/words.js';
import { checklist, confirmOrCancel } from './io.js';
import { askAgentName, freeName } from './names.js';

interface Starter {
  name: string;
  role: string;
  variants: Selection;
  versions?: Record<string, number>;
  packages?: string[];
  paths?: string[];
}

/** The proposed agents, ticked, then one unticked agent of every other role with its detected stack. */
function starterChoices(ctx: Context, catalog: Catalog, detection: Detection) {
  const others: Starter[] = Object.values(catalog.roles)
    .filter((role) => !detection.proposal.some((a) => a.role === role.name))
    .map((role) => ({ name: role.propose?.name ?? role.name, role: role.name, variants: detectedSelection(role, detection.findings) }));
  const width = Math.max(...[...detection.proposal, ...others].map((a) => a.name.length)) + 2;
  const describe = (starter: Starter, because?: string[]) =>
    `${catalog.roles[starter.role]!.description}${because?.length ? `\nProposed because of: ${because.join(', ')}` : ''}`;
  return [
    ...detection.proposal.map((a) => ({ value: a as Starter, name: agentLine(ctx.out.style, catalog, a, width), short: a.name, checked: true, description: describe(a, a.because) })),
    ...others.map((a) => ({ value: a, name: agentLine(ctx.out.style, catalog, a, width), short: a.name, checked: false, description: describe(a) })),
  ];
}

async function nameStarters(ctx: Context, catalog: Catalog, picked: Starter[]): Promise<Starter[]> {
  const taken = new Set<string>();
  const named: Starter[] = [];
  for (const starter of picked) {
    const title = catalog.roles[starter.role]!.title;
    // Two agents of one role (a monorepo's two apps) are told apart by where they work.
    const where = packagesOf(starter);
    const message = `Name of the ${title} agent${where.length ? ` for ${where.join(', ')}` : ''}:`;
    const name = await askAgentName(ctx.out, message, freeName(starter.name, taken), taken);
    taken.add(name);
    named.push({ ...starter, name });
  }
  return named;
}

/**
 * `init` in a terminal: show what was detected, let the user tick and name the starter agents,
 * show the full plan, and write it only after a yes, through the same operation and only if
 * the plan is still the one shown.
 */
export async function guidedInit(ctx: Context, root: string, options: { force: boolean }): Promise<InitOutcome> {
  const { catalog, detection } = await ctx.out.during('Looking at the project...', () => detectIn(root));
  const s = ctx.out.style;
  ctx.out.line(s.bold(`Stack detected in ${root}:`));
  for (const line of stackLines(s, detection)) ctx.out.line(line);
  ctx.out.line();

  const picked = await checklist<Starter>({
    message: detection.proposal.length ? 'Start the team with these agents? (proposed ones are ticked)' : 'Which agents should the team start with?',
    choices: starterChoices(ctx, catalog, detection),
  });
  const agents = (await nameStarters(ctx, catalog, picked)).map(({ name, role, variants, versions, paths }) => ({ name, role, variants, versions, paths }));
  const input = { agents, force: options.force };

  const preview = await ctx.out.during('Planning...', () => initTeam(root, input, { dryRun: true }));
  if (ctx.dryRun) return preview;
  const views = new Map(agentViewsOf(preview.change, null).map((a) => [a.name, a]));
  const added = preview.change.agents.filter((a) => preview.added.includes(a.name));
  ctx.out.line();
  ctx.out.line(s.bold(added.length ? 'The team:' : 'No agents yet: only the base files.'));
  for (const line of agentReviewLines(s, added.map((agent) => ({ agent, cost: views.get(agent.name)!.cost })))) ctx.out.line(line);
  ctx.out.line(s.bold('Files:'));
  for (const line of planReviewLines(s, preview.entries)) ctx.out.line(line);
  ctx.out.line();

  await confirmOrCancel(`Write ${count(fileCount(preview.entries), 'file')}?`);
  return ctx.out.during('Writing files...', () => initTeam(root, input, { expectPlan: preview.planDigest, onWait: ctx.onWait }));
}
