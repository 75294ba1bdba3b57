import { resolve } from 'node:path';
import type { Context } from '../cli/context.js';
import { detectIn, type Detection } from '../core/detect/index.js';
import { initTeam, type InitOutcome } from '../core/operations/init.js';
import { TEAM_FILE } from '../core/paths.js';
import { parseTeam, readTeamText } from '../core/team/team-file.js';
import { agentViewsOf } from '../core/views/index.js';
import { stackLines } from '../present/detect.js';
import { outcomeJson, outcomeLines } from '../present/outcome.js';
import { CLI } from '../present/style.js';

export function splitList(value: unknown): string[] {
  return typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

/** A team with no agents yet, asked for without --roles or --preset: the starter team comes from detection. */
function startsFromDetection(root: string, input: { roles: string[]; preset?: string }): boolean {
  if (input.roles.length > 0 || input.preset) return false;
  const text = readTeamText(root);
  return text === undefined || Object.keys(parseTeam(text).agents ?? {}).length === 0;
}

export function presentInit(ctx: Context, root: string, outcome: InitOutcome, detection?: Detection): void {
  const agents = agentViewsOf(outcome.change, null, outcome.added);
  const s = ctx.out.style;
  const would = ctx.dryRun ? 'would add' : 'added';
  const detected = detection ? { detected: { stack: detection.stack, proposal: detection.proposal } } : {};
  ctx.out.result({ command: 'init', root, initialised: outcome.initialised, agents, ...detected, ...outcomeJson(outcome, ctx.dryRun) }, () => [
    ...(detection
      ? [
          s.bold(`Stack detected in ${root}:`),
          ...stackLines(s, detection),
          s.dim(
            detection.proposal.length
              ? `--yes: the proposed team is ${ctx.dryRun ? 'planned' : 'created'} without asking (details: ${CLI} detect).`
              : '--yes: nothing to propose, so the team starts without agents.',
          ),
          '',
        ]
      : []),
    s.bold(
      outcome.initialised
        ? `${ctx.dryRun ? 'Would initialise' : 'Initialised'} the agent team in ${root}${outcome.added.length ? `; ${would} ${outcome.added.join(', ')}` : ''}.`
        : `The agent team in ${root} is already set up${outcome.added.length ? `; ${would} ${outcome.added.join(', ')}` : ''}.`,
    ),
    ...agents.map((a) => `  ${a.name}: ${a.title}, ${a.skills.length} skills`),
    ...outcomeLines(s, outcome, ctx.dryRun),
    '',
    `Next: ${s.cyan(`${CLI} add <name> <role>`)} (roles: ${s.cyan(`${CLI} list --roles`)}), then commit ${TEAM_FILE} and the files it lists.`,
  ]);
}

export async function run(ctx: Context, opts: Record<string, unknown>): Promise<void> {
  const root = resolve(ctx.cwd);
  const input = { roles: splitList(opts.roles), preset: opts.preset as string | undefined, force: Boolean(opts.force) };
  const fromDetection = startsFromDetection(root, input);
  if (fromDetection && ctx.interactive) {
    const { guidedInit } = await import('../prompts/init.js');
    return presentInit(ctx, root, await guidedInit(ctx, root, { force: input.force }));
  }
  // --yes takes the proposed team as it is; without --yes and without a terminal (CI) only the
  // base files are written, because nobody is there to review a guess.
  const detection = fromDetection && ctx.yes ? (await ctx.out.during('Looking at the project...', () => detectIn(root))).detection : undefined;
  const agents = detection?.proposal.map(({ name, role, variants, versions, paths }) => ({ name, role, variants, versions, paths })) ?? [];
  const outcome = await ctx.out.during(ctx.dryRun ? 'Planning...' : 'Writing files...', () => initTeam(root, { ...input, agents }, { dryRun: ctx.dryRun, onWait: ctx.onWait }));
  presentInit(ctx, root, outcome, detection);
}
