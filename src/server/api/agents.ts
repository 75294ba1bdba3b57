import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { failure, isNodeError } from '../../core/errors.js';
import { own } from '../../core/own.js';
import { agentViews } from '../../core/views/index.js';
import type { ApiEnv } from '../env.js';
import type { AgentDetailResponse, AgentsResponse } from '../types.js';
import { sendPrepared } from '../view.js';
import { agentParam } from './params.js';

export function agentRoutes(): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();

  api.get('/', (c) =>
    sendPrepared(c.req.header('if-none-match'), c.get('project').view.json('agents', (s): AgentsResponse => ({ ok: true, agents: agentViews(s), active: s.active() }))),
  );

  api.get('/:name', (c) => {
    const name = agentParam(c.req.param('name'));
    const { view } = c.get('project');
    const s = view.snapshot();
    const agent = agentViews(s).find((a) => a.name === name);
    if (!agent) throw failure('unknown-agent', `No agent named "${name}" in the team.`, 'Reload the list of agents: it may have just been removed.');
    let content: string | null = null;
    try {
      content = readFileSync(join(view.root, agent.file), 'utf8');
    } catch (err) {
      if (!isNodeError(err, 'ENOENT')) throw err;
    }
    const catalog = s.catalog();
    const skills = agent.skills.map((n) => ({ name: n, description: own(catalog.skills, n)?.description ?? '', category: own(catalog.skills, n)?.category ?? '' }));
    return c.json<AgentDetailResponse>({ ok: true, agent, content, skills });
  });

  return api;
}
