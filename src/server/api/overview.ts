import { Hono } from 'hono';
import { AgentTeamError } from '../../core/errors.js';
import { VERSION } from '../../version.js';
import type { OverviewResponse } from '../types.js';
import type { ProjectView } from '../view.js';

export function overviewRoutes(view: ProjectView): Hono {
  const api = new Hono();
  api.get('/', (c) => {
    // A team file that does not resolve still gets an overview: the problem is what to show.
    let agents: OverviewResponse['agents'] = [];
    const problems = [...view.problems()];
    try {
      agents = view.agents();
    } catch (err) {
      if (!(err instanceof AgentTeamError)) throw err;
      if (!problems.some((p) => p.level === 'error')) problems.unshift({ level: 'error', file: '.claude/agent-team.yaml', message: [err.message, ...err.details].join(' ') });
    }
    const skills = new Set(agents.flatMap((a) => a.skills));
    return c.json<OverviewResponse>({
      ok: true,
      version: VERSION,
      root: view.root,
      agents,
      active: view.active(),
      totals: { agents: agents.length, skills: skills.size, tokens: agents.reduce((n, a) => n + a.cost.total, 0) },
      problems,
    });
  });
  return api;
}
