import { teamsOn } from '../team/schema.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { agentFile } from '../paths.js';
import { stackTitles } from '../render/agent-file.js';
import type { Snapshot } from './snapshot.js';
import { listingView } from './listing.js';
import { agentTokenCost } from './tokens.js';
import type { TeamChange } from '../pipeline.js';
import type { ActiveView, AgentStatus, AgentView, TeamView } from './types.js';

const STATUS: Record<string, AgentStatus> = { unchanged: 'synced', create: 'missing', update: 'outdated', conflict: 'edited', keep: 'edited', 'keep:user-file': 'synced' };

function sizeOnDisk(root: string, path: string): number {
  try {
    return readFileSync(join(root, path)).length;
  } catch {
    return 0;
  }
}

/** Every agent of the team: role, stack, skills, starting tokens, sync state and whether it is active. */
export function agentViews(s: Snapshot): AgentView[] {
  return s.memo('agents', () => agentViewsOf(s.change(), s.active()));
}

/**
 * The agents as a planned change leaves them (an operation's outcome, or the project as it is);
 * `only` names the agents wanted, so a command about one agent reads no other agent's file.
 */
export function agentViewsOf(change: TeamChange, active: ActiveView | null, only?: readonly string[]): AgentView[] {
  const entries = new Map(change.plan.entries.map((e) => [e.path, e]));
  const agents = only ? change.agents.filter((a) => only.includes(a.name)) : change.agents;
  return agents.map((agent) => {
    const file = agentFile(agent.name);
    const entry = entries.get(file);
    const onDisk = entry?.action === 'unchanged' || entry?.action === 'conflict' || entry?.action === 'keep';
    const chars = entry?.content?.length ?? (onDisk ? sizeOnDisk(change.root, file) : 0);
    return {
      name: agent.name,
      role: agent.role.name,
      title: agent.role.title,
      variants: agent.variants,
      versions: agent.versions,
      paths: agent.paths,
      stack: stackTitles(agent),
      skills: agent.skills,
      tools: agent.tools,
      model: agent.model,
      color: agent.color ?? null,
      // agent-team preloads no skill: an agent loads one with the Skill tool when a task needs it.
      cost: agentTokenCost(chars, [], change.catalog),
      active: active?.agent === agent.name,
      file,
      status: (entry && (STATUS[`${entry.action}:${entry.reason}`] ?? STATUS[entry.action])) ?? 'unknown',
    };
  });
}

export function teamView(s: Snapshot): TeamView {
  return { root: s.root, agents: agentViews(s), active: s.active(), teams: teamsOn(s.project().team), listing: listingView(s.root) };
}
