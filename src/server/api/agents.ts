import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { failure, isNodeError } from '../../core/errors.js';
import type { ProjectView } from '../view.js';
import type { AgentDetailResponse, AgentsResponse } from '../types.js';
import { agentParam } from './params.js';

export function agentRoutes(view: ProjectView): Hono {
  const api = new Hono();

  api.get('/', (c) => c.json<AgentsResponse>({ ok: true, agents: view.agents(), active: view.active() }));

  api.get('/:name', (c) => {
    const name = agentParam(c.req.param('name'));
    const agent = view.agents().find((a) => a.name === name);
    if (!agent) {
      throw failure('unknown-agent', `No agent named "${name}" in the team.`, 'Reload the list of agents: it may have just been removed.');
    }
    let content: string | null = null;
    try {
      content = readFileSync(join(view.root, agent.file), 'utf8');
    } catch (err) {
      if (!isNodeError(err, 'ENOENT')) throw err;
    }
    const catalog = view.catalog();
    const skills = agent.skills.map((s) => ({ name: s, description: catalog.skills[s]?.description ?? '', category: catalog.skills[s]?.category ?? '' }));
    return c.json<AgentDetailResponse>({ ok: true, agent, content, skills });
  });

  return api;
}
