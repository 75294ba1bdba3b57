import { Hono, type Context } from 'hono';
import * as z from 'zod/mini';
import { addAgent, editRoleOverride, removeAgents, switchAgent, syncTeam, type Outcome, type OperationOptions } from '../../core/operations/index.js';
import { formatIssues } from '../../core/issues.js';
import { agentViewsOf } from '../../core/views/index.js';
import { describeAgent } from '../../present/agents.js';
import { planJson } from '../../present/plan.js';
import { HttpError } from '../errors.js';
import { jsonBody } from '../security.js';
import type { ChangeAction, ChangeResponse } from '../types.js';

/**
 * Plan and apply: the dashboard's only way to change the project. A plan is the operation run
 * as a dry run; applying runs it again with the plan's digest, and the engine refuses
 * (plan-changed, 409) if anything, e.g. the CLI, changed the project in between. Inputs are the
 * engine's own (src/core/inputs.ts), so the dashboard accepts exactly what the CLI accepts.
 */
type Run = (root: string, input: unknown, options: OperationOptions) => Promise<Outcome & { headline: string }>;

const OPERATIONS: Record<ChangeAction, Run> = {
  async add(root, input, options) {
    const o = await addAgent(root, input, options);
    const cost = agentViewsOf(o.change, null).find((a) => a.name === o.agent.name)!.cost;
    return { ...o, headline: describeAgent(o.agent, cost) };
  },
  async remove(root, input, options) {
    const o = await removeAgents(root, input, options);
    return { ...o, headline: `Remove ${o.removed.join(', ')}` };
  },
  async switch(root, input, options) {
    const o = await switchAgent(root, input, options);
    return { ...o, headline: o.agent ? `Make ${o.agent} the main session's agent (${o.file})` : `Clear the main session's agent (${o.file})` };
  },
  async role(root, input, options) {
    const o = await editRoleOverride(root, input, options);
    return { ...o, headline: o.resolved ? `Override of role ${o.role}: ${o.resolved.title}` : `Remove the override of role ${o.role}` };
  },
  async sync(root, input, options) {
    const o = await syncTeam(root, input ?? {}, options);
    return { ...o, headline: 'Make the project match the team file' };
  },
};

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

function respond(action: ChangeAction, outcome: Outcome & { headline: string }): ChangeResponse {
  return {
    ok: true,
    action,
    planDigest: outcome.planDigest,
    applied: outcome.applied !== undefined,
    ...planJson(outcome.entries),
    backups: outcome.applied?.backups ?? [],
    headline: outcome.headline,
  };
}

export function changeRoutes(root: string, changed: () => void): Hono {
  const api = new Hono();

  api.post('/plan', async (c) => {
    const { action, input } = await parse(c, PlanRequest);
    return c.json(respond(action, await OPERATIONS[action](root, input, { dryRun: true })));
  });

  api.post('/apply', async (c) => {
    const { action, input, planDigest } = await parse(c, ApplyRequest);
    try {
      return c.json(respond(action, await OPERATIONS[action](root, input, { expectPlan: planDigest })));
    } finally {
      changed();
    }
  });

  // For scripts: one step, since it edits a single key. The page still shows its plan first.
  api.post('/switch', async (c) => {
    const { planDigest, ...input } = await parse(c, SwitchRequest);
    try {
      return c.json(respond('switch', await OPERATIONS.switch(root, input, { expectPlan: planDigest })));
    } finally {
      changed();
    }
  });

  return api;
}
