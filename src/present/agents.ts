import type { Catalog } from '../core/library/model.js';
import { own } from '../core/own.js';
import type { ResolvedAgent } from '../core/resolve/resolver.js';
import { stackTitles } from '../core/render/agent-file.js';
import type { AgentView, TeamView, TokenCost } from '../core/views/index.js';
import { listingLines } from './listing.js';
import { formatTokens } from '../core/views/index.js';
import { CLI, pad, type Style } from './style.js';
import { count } from './words.js';

/** `web: Frontend Developer (React 18, Tailwind CSS 3), 9 skills, ~7.4k tokens when it starts`. */
export function describeAgent(agent: ResolvedAgent, cost: TokenCost): string {
  const stack = stackTitles(agent);
  return `${agent.name}: ${agent.role.title}${stack.length ? ` (${stack.join(', ')})` : ''}, ${count(agent.skills.length, 'skill')}, ${formatTokens(cost.total)} tokens when it starts`;
}

/** The titles of a selection, in the role's order: `React, Next.js, Tailwind CSS`. */
export function selectionTitles(catalog: Catalog, role: string, variants: Record<string, string[]>): string[] {
  const found = own(catalog.roles, role);
  if (!found) return [];
  return Object.values(found.variants).flatMap((v) => (own(variants, v.name) ?? []).map((value) => own(v.values, value)?.title ?? value));
}

/** The packages an agent is for; none when it works at the root, i.e. on the whole project. */
export function packagesOf(agent: { packages?: string[]; paths?: string[] }): string[] {
  const where = agent.paths ?? agent.packages;
  return !where || where.includes('.') ? [] : where;
}

/** One agent on one line, for pickers and proposals: name, role title, stack, where it works. */
export function agentLine(s: Style, catalog: Catalog, agent: { name: string; role: string; variants: Record<string, string[]>; packages?: string[]; paths?: string[] }, width: number): string {
  const role = own(catalog.roles, agent.role);
  const titles = selectionTitles(catalog, agent.role, agent.variants);
  const where = packagesOf(agent);
  return `${pad(agent.name, width)}${role?.title ?? agent.role}${titles.length ? `: ${titles.join(', ')}` : ''}${where.length ? s.dim(` (${where.join(', ')})`) : ''}`;
}

const STATUS_NOTE: Record<AgentView['status'], string | undefined> = {
  synced: undefined,
  missing: `not synced: run ${CLI} sync`,
  outdated: `out of date: run ${CLI} sync`,
  edited: 'edited by hand',
  unknown: undefined,
};

/** The agents table of `list`. */
export function teamLines(s: Style, view: TeamView): string[] {
  const { agents, active } = view;
  if (agents.length === 0) return [`No agents yet. Add one with \`${CLI} add <name> <role>\` (roles: \`${CLI} list --roles\`).`];
  const width = Math.max(...agents.map((a) => a.name.length)) + 3;
  const lines = [s.dim(`  ${pad('AGENT', width)}${pad('ROLE', 11)}${pad('SKILLS', 8)}STACK`)];
  for (const a of agents) {
    const stack = a.stack.join(', ') || '-';
    const flag = a.active ? s.green('*') : ' ';
    const note = STATUS_NOTE[a.status];
    lines.push(`${flag} ${pad(a.name, width)}${pad(a.role, 11)}${pad(String(a.skills.length), 8)}${stack}${note ? s.yellow(`  (${note})`) : ''}`);
  }
  if (active) lines.push(s.dim(`* active in the main session (${active.file})`));
  if (view.teams) lines.push(s.dim(`Agent teams are on (experimental in Claude Code): the lead can start these agents as teammates; ${CLI} teams off turns them off.`));
  if (view.listing) lines.push('', ...listingLines(s, view.listing));
  return lines;
}

/** Each agent with its stack, token cost and every skill it gets, for review before a confirmation. */
export function agentReviewLines(s: Style, agents: Array<{ agent: ResolvedAgent; cost: TokenCost }>): string[] {
  return agents.flatMap(({ agent, cost }) => [`  ${s.bold(describeAgent(agent, cost))}`, ...wrap(agent.skills, '      ')]);
}

/** Words wrapped to lines of at most `width` characters, each line indented. */
function wrap(words: string[], indent: string, width = 96): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && indent.length + line.length + word.length + 2 > width) {
      lines.push(`${indent}${line},`);
      line = word;
    } else line = line ? `${line}, ${word}` : word;
  }
  if (line) lines.push(`${indent}${line}`);
  return lines;
}
