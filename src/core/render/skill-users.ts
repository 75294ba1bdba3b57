import type { ResolvedAgent } from '../resolve/resolver.js';

/**
 * Each skill of the team with the agents that use it, sorted: the owners of its files and of its
 * listing setting. A list, not a set, per skill: a skill has a few users, a big team thousands of skills.
 */
export function skillUsers(agents: readonly ResolvedAgent[]): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const agent of agents) {
    for (const skill of agent.skills) {
      const list = users.get(skill);
      if (!list) users.set(skill, [agent.name]);
      else if (!list.includes(agent.name)) list.push(agent.name);
    }
  }
  for (const list of users.values()) if (list.length > 1) list.sort();
  return users;
}
