import { isAgentTeamError } from '../errors.js';
import { TEAM_FILE } from '../paths.js';
import { VERSION } from '../version.js';
import { agentViews } from './agents.js';
import { problems } from './problems.js';
import type { Snapshot } from './snapshot.js';
import type { AgentView, OverviewView } from './types.js';

/** The team at a glance: its agents, totals and problems. A team that does not resolve still gets one. */
export function overview(s: Snapshot): OverviewView {
  let agents: AgentView[] = [];
  const found = [...problems(s)];
  try {
    agents = agentViews(s);
  } catch (err) {
    if (!isAgentTeamError(err)) throw err;
    if (!found.some((p) => p.level === 'error')) found.unshift({ level: 'error', file: TEAM_FILE, message: [err.message, ...err.details].join(' '), code: err.code });
  }
  const skills = new Set(agents.flatMap((a) => a.skills));
  return {
    version: VERSION,
    root: s.root,
    agents,
    active: s.active(),
    totals: { agents: agents.length, skills: skills.size, tokens: agents.reduce((n, a) => n + a.cost.total, 0) },
    problems: found,
  };
}
