import type { AgentView, RoleView } from './types.js';

/** The team as a picture needs it: who has which skill, who inherits from whom, what each costs. */
export interface TeamMap {
  budget: number;
  agents: Array<{ name: string; role: string; title: string; skills: string[]; tokens: { prompt: number; skills: number; total: number }; overBudget: boolean }>;
  /** Every skill some agent has, with its agents; `shared` when more than one has it. */
  skills: Array<{ name: string; agents: string[]; shared: boolean }>;
  /** Roles that agents use or that those roles inherit from, with their parents. */
  roles: Array<{ name: string; title: string; inherits: string[]; agents: string[]; origin: string }>;
}

export function teamMap(agents: AgentView[], roles: RoleView[], budget: number): TeamMap {
  const users = new Map<string, string[]>();
  for (const a of agents) for (const s of a.skills) users.set(s, [...(users.get(s) ?? []), a.name]);
  const byName = new Map(roles.map((r) => [r.name, r]));
  // The roles in use and everything they inherit from, in catalog order.
  const wanted = new Set<string>();
  const visit = (name: string) => {
    if (wanted.has(name) || !byName.has(name)) return;
    wanted.add(name);
    for (const parent of byName.get(name)!.inherits) visit(parent);
  };
  for (const a of agents) visit(a.role);
  return {
    budget,
    agents: agents.map((a) => ({ name: a.name, role: a.role, title: a.title, skills: a.skills, tokens: { ...a.cost }, overBudget: a.cost.total > budget })),
    skills: [...users].map(([name, list]) => ({ name, agents: list, shared: list.length > 1 })),
    roles: roles.filter((r) => wanted.has(r.name)).map((r) => ({ name: r.name, title: r.title, inherits: r.inherits.filter((p) => wanted.has(p)), agents: r.agents, origin: r.origin })),
  };
}
