import { Hono } from 'hono';
import { AGENT_TOKEN_BUDGET, agentViews, roleViews, teamMap } from '../../core/views/index.js';
import type { ApiEnv } from '../env.js';
import type { TeamResponse } from '../types.js';
import { sendPrepared } from '../view.js';

/** The team as the pictures draw it: agents and their skills, roles and whom they inherit from, cost against the budget. */
export function teamRoutes(): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();
  api.get('/', (c) =>
    sendPrepared(
      c.req.header('if-none-match'),
      c.get('project').view.json('team-map', (s): TeamResponse => ({ ok: true, ...teamMap(agentViews(s), roleViews(s.catalog(), s.project().team), AGENT_TOKEN_BUDGET) })),
    ),
  );
  return api;
}
