import type { ResolvedAgent } from '../resolve/resolver.js';

/**
 * Each skill of the team with the agents that use it, sorted: the owners of its files and of its
 * listing setting. A list, not a set, per skill: a skill has a few users, a big team thousands of skills.
 */
export function skillUsers(agents: readonly ResolvedAgent[]): Map<string, string[]> {
  const users = new Map<string, string[]>();
  // Indexed loops: they run once per skill of every agent, and a cold for-of allocates at every step.
  for (let a = 0; a < agents.length; a += 1) {
    const { name, skills } = agents[a]!;
    for (let i = 0; i < skills.length; i += 1) {
      const list = users.get(skills[i]!);
      if (!list) users.set(skills[i]!, [name]);
      else if (!list.includes(name)) list.push(name);
    }
  }
  users.forEach((list) => {
    if (list.length > 1) list.sort();
  });
  return users;
}
