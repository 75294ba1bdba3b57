import { Hono, type Context } from 'hono';
import * as z from 'zod/mini';
import { readUndo } from '../../core/apply/local-state.js';
import { isAgentTeamError, usageError } from '../../core/errors.js';
import type { PlanEntry } from '../../core/plan/plan.js';
import type { ResolvedFile } from '../../core/operations/index.js';
import { formatIssues } from '../../core/issues.js';
import { addAgent, editRoleOverride, removeAgents, resolveConflicts, switchAgent, syncTeam, undoLast, type Outcome, type OperationOptions } from '../../core/operations/index.js';
import type { TeamChange } from '../../core/pipeline.js';
import { agentViews, agentViewsOf, type AgentView, type Snapshot } from '../../core/views/index.js';
import { describeAgent } from '../../present/agents.js';
import { planJson } from '../../present/plan.js';
import type { ApiEnv } from '../env.js';
import { HttpError } from '../errors.js';
import type { OpenedProject } from '../projects.js';
import { reviewPlan } from '../plan-review.js';
import { jsonBody } from '../security.js';
import type { ChangeAction, ChangeResponse, UndoOffer, UndoResponse } from '../types.js';

/**
 * Plan and apply: the dashboard's only way to change the project. A plan is the operation run
 * as a dry run; applying runs it again with the plan's digest, and the engine refuses
 * (plan-changed, 409) if anything, e.g. the CLI, changed the project in between. Inputs are the
 * engine's own (src/core/operations/inputs.ts), so the dashboard accepts exactly what the CLI accepts.
 */
interface Ran extends Outcome {
  headline: string;
  change?: TeamChange;
  /** The agents as the change leaves them, when it changes only the active agent. */
  switched?: string | null;
}
type Run = (root: string, input: unknown, options: OperationOptions) => Promise<Ran>;

const NoInput = z.optional(z.union([z.strictObject({}), z.null()]));

const OPERATIONS: Record<ChangeAction, Run> = {
  async add(root, input, options) {
    const o = await addAgent(root, input, options);
    const cost = agentViewsOf(o.change, null, [o.agent.name])[0]!.cost;
    return { ...o, headline: describeAgent(o.agent, cost) };
  },
  async remove(root, input, options) {
    const o = await removeAgents(root, input, options);
    return { ...o, headline: `Remove ${o.removed.join(', ')}` };
  },
  async switch(root, input, options) {
    const o = await switchAgent(root, input, options);
    return { ...o, switched: o.agent, headline: o.agent ? `Make ${o.agent} the main session's agent (${o.file})` : `Clear the main session's agent (${o.file})` };
  },
  async role(root, input, options) {
    const o = await editRoleOverride(root, input, options);
    return { ...o, headline: o.resolved ? `Override of role ${o.role}: ${o.resolved.title}` : `Remove the override of role ${o.role}` };
  },
  async sync(root, input, options) {
    const o = await syncTeam(root, input ?? {}, options);
    return { ...o, headline: 'Make the project match the team file' };
  },
  async resolve(root, input, options) {
    const o = await resolveConflicts(root, input, options);
    return { ...o, headline: o.resolved.map(resolvedWords).join('; ') };
  },
  async undo(root, input, options) {
    if (!NoInput.safeParse(input).success) throw usageError('invalid-input', 'Undo takes no input.', 'Send {} as the input.');
    const o = await undoLast(root, options);
    return { ...o, headline: undoLabel(o.undone) };
  },
};

function resolvedWords(r: ResolvedFile): string {
  if (r.choice === 'keep') return `Keep your ${r.path}`;
  if (r.choice === 'replace') return `Replace ${r.path} with the new version (yours kept as ${r.backup ?? 'a .bak'})`;
  return r.clashes ? `Merge the new version into ${r.path}, with conflict markers in ${r.clashes} place${r.clashes === 1 ? '' : 's'}` : `Merge the new version into ${r.path}`;
}

/** "Undo add web"; undoing an undo makes the change again, so it says "Redo". */
export function undoLabel(what: string): string {
  const again = /^undo "(.*)"$/.exec(what)?.[1];
  return again ? `Redo ${again}` : `Undo ${what}`;
}

const ACTIONS = Object.keys(OPERATIONS) as [ChangeAction, ...ChangeAction[]];
const Digest = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'must be the planDigest of a plan'));
const PlanRequest = z.strictObject({ action: z.enum(ACTIONS), input: z.unknown() });
const ApplyRequest = z.strictObject({ action: z.enum(ACTIONS), input: z.unknown(), planDigest: Digest });
const SwitchRequest = z.strictObject({ agent: z.nullable(z.string()), shared: z.optional(z.boolean()), planDigest: z.optional(Digest) });

async function parse<T>(c: Context, schema: z.ZodMiniType<T>): Promise<T> {
  const parsed = schema.safeParse(await jsonBody(c.req));
  if (parsed.success) return parsed.data;
  const problems = formatIssues(parsed.error.issues);
  throw new HttpError(400, 'invalid-request', `Invalid request: ${problems.join('; ')}.`, 'See docs/dashboard.md for the request shapes.');
}

function undoOffer(root: string): UndoOffer | null {
  const point = readUndo(root);
  return point ? { what: point.what, label: undoLabel(point.what), at: point.at } : null;
}

function respond(action: ChangeAction, outcome: Ran): ChangeResponse {
  return {
    ok: true,
    action,
    planDigest: outcome.planDigest,
    applied: outcome.applied !== undefined,
    ...planJson(outcome.entries),
    backups: outcome.applied?.backups ?? [],
    lockfile: (outcome as { lockfile?: string }).lockfile !== undefined,
    headline: outcome.headline,
  };
}

/** The agents after the change: from its plan, or the same agents with another one active. */
function agentsAfter(s: Snapshot, outcome: Ran): AgentView[] | undefined {
  if (outcome.change) return agentViewsOf(outcome.change, s.active());
  if (outcome.switched === undefined) return undefined;
  try {
    return agentViews(s).map((a) => ({ ...a, active: a.name === outcome.switched }));
  } catch {
    return undefined;
  }
}

async function plainSync(root: string): Promise<PlanEntry[] | undefined> {
  try {
    return (await syncTeam(root, {}, { dryRun: true })).entries;
  } catch (err) {
    if (isAgentTeamError(err)) return undefined; // the project does not plan as it is: nothing to set apart
    throw err;
  }
}

export function changeRoutes(): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();
  const changed = (p: OpenedProject) => {
    p.view.invalidate();
    p.watcher.touch();
  };

  api.post('/plan', async (c) => {
    const { action, input } = await parse(c, PlanRequest);
    const p = c.get('project');
    const outcome = await OPERATIONS[action](p.entry.root, input, { dryRun: true });
    const s = p.view.snapshot();
    // A sync is the pending work itself; for any other change, what a sync would do anyway is
    // shown apart. Planned afresh, not from the snapshot: a skill file's change does not renew it.
    const sync = action === 'sync' ? undefined : await plainSync(p.entry.root);
    return c.json({ ...respond(action, outcome), review: reviewPlan(s, outcome.entries, agentsAfter(s, outcome), sync) });
  });

  api.post('/apply', async (c) => {
    const { action, input, planDigest } = await parse(c, ApplyRequest);
    const p = c.get('project');
    try {
      const outcome = await OPERATIONS[action](p.entry.root, input, { expectPlan: planDigest });
      return c.json({ ...respond(action, outcome), undo: undoOffer(p.entry.root) });
    } finally {
      changed(p);
    }
  });

  // What the page offers to take back: the last change made on this machine.
  api.get('/undo', (c) => c.json<UndoResponse>({ ok: true, undo: undoOffer(c.get('project').entry.root) }));

  // For scripts: one step, since it edits a single key. The page still shows its plan first.
  api.post('/switch', async (c) => {
    const { planDigest, ...input } = await parse(c, SwitchRequest);
    const p = c.get('project');
    try {
      return c.json(respond('switch', await OPERATIONS.switch(p.entry.root, input, { expectPlan: planDigest })));
    } finally {
      changed(p);
    }
  });

  return api;
}
