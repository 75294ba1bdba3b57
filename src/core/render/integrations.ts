import type { Catalog } from '../library/model.js';
import type { HookData, McpServerData } from '../library/schema.js';
import { own } from '../own.js';
import type { ResolvedAgent } from '../resolve/resolver.js';
import { integrationChosen, teamsOn, type TeamData } from '../team/schema.js';

/**
 * What the team's integrations add to Claude Code's configuration: agent teams, hooks and MCP
 * servers. Agent-scoped ones become frontmatter of the agents that declare them (here);
 * project-wide ones become desired settings entries (integration-settings.ts) that the settings
 * planner merges into the user's files key by key, never replacing one (docs/integrations.md).
 * Pure: from the team, the catalog and the agents.
 */

/** Claude Code reads this env key to turn on agent teams (findings §7: the env or the settings `env`, same effect). */
export const AGENT_TEAMS_ENV = 'CLAUDE_CODE_EXPERIMENTAL_AGENT_TEAMS';

/** The choices of the team file that decide what is written. */
export interface IntegrationChoices {
  teams: boolean;
  hooks: (name: string) => boolean;
  mcp: (name: string) => boolean;
}

export function integrationChoices(team: TeamData | undefined): IntegrationChoices {
  return {
    teams: teamsOn(team),
    hooks: (name) => integrationChosen(team, 'hooks', name),
    mcp: (name) => integrationChosen(team, 'mcp', name),
  };
}

/** Names the team file opts in to that the catalog does not have: a typo would otherwise install nothing, silently. */
export function unknownChoices(team: TeamData | undefined, catalog: Catalog): string[] {
  const problems: string[] = [];
  const check = (kind: 'hooks' | 'mcp', known: Record<string, unknown>, what: string) => {
    const choice = team?.integrations?.[kind];
    if (!Array.isArray(choice)) return;
    for (const name of choice) if (own(known, name) === undefined) problems.push(`integrations.${kind}: no ${what} named "${name}" (known: ${Object.keys(known).sort().join(', ') || 'none'})`);
  };
  check('hooks', catalog.hooks, 'hook');
  check('mcp', catalog.mcpServers, 'MCP server');
  return problems;
}

/** A choice key for render caches: changes exactly when what the choices write could change. */
export function choicesKey(team: TeamData | undefined): string {
  return JSON.stringify([team?.teams === true, team?.integrations?.hooks ?? null, team?.integrations?.mcp ?? null]);
}

/** The handler group Claude Code expects under an event: `{matcher?, hooks: [{type, command, timeout?}]}`. */
export function hookGroup(hook: HookData): Record<string, unknown> {
  const handler: Record<string, unknown> = { type: 'command', command: hook.command };
  if (hook.timeout !== undefined) handler.timeout = hook.timeout;
  return hook.matcher === undefined ? { hooks: [handler] } : { matcher: hook.matcher, hooks: [handler] };
}

/** A server as `.mcp.json` and agent frontmatter hold it: the registry's entry without its own bookkeeping. */
export function mcpConfig(server: McpServerData): Record<string, unknown> {
  const config: Record<string, unknown> = { type: server.type ?? 'stdio' };
  for (const key of ['command', 'args', 'env', 'url', 'headers'] as const) if (server[key] !== undefined) config[key] = server[key];
  return config;
}

export const scopeOf = (entry: { scope?: 'project' | 'agent' }, fallback: 'project' | 'agent') => entry.scope ?? fallback;

/** The hooks and MCP servers of one agent that are chosen and scoped to the agent. */
function agentScoped(agent: ResolvedAgent, catalog: Catalog, choices: IntegrationChoices) {
  const hooks = agent.hooks.filter(choices.hooks).flatMap((n) => {
    const hook = own(catalog.hooks, n);
    return hook && scopeOf(hook, 'project') === 'agent' ? [hook] : [];
  });
  const servers = agent.mcpServers.filter(choices.mcp).flatMap((n) => {
    const server = own(catalog.mcpServers, n);
    return server && scopeOf(server, 'project') === 'agent' ? [[n, server] as const] : [];
  });
  return { hooks, servers };
}

/** Frontmatter keys of one agent (absent when it has none), and its tools with each of its servers named in them. */
export function agentFrontmatter(agent: ResolvedAgent, catalog: Catalog, choices: IntegrationChoices): { hooks?: Record<string, unknown[]>; mcpServers?: Array<Record<string, unknown>>; tools: string[] } {
  const { hooks, servers } = agentScoped(agent, catalog, choices);
  const byEvent: Record<string, unknown[]> = {};
  for (const hook of hooks) (byEvent[hook.event] ??= []).push(hookGroup(hook));
  // An agent with a `tools:` list gets a server's tools only when the list names the server (findings §8).
  const tools = agent.tools.length === 0 ? [] : [...agent.tools, ...servers.map(([n]) => `mcp__${n}`).filter((t) => !agent.tools.includes(t))];
  return {
    ...(hooks.length ? { hooks: byEvent } : {}),
    ...(servers.length ? { mcpServers: servers.map(([n, s]) => ({ [n]: mcpConfig(s) })) } : {}),
    tools,
  };
}

/** Skills the team gets as a whole from its choices: those marked `with_teams` when agent teams are on. */
export function teamSkills(catalog: Catalog, choices: IntegrationChoices): string[] {
  if (!choices.teams) return [];
  return Object.values(catalog.skills).filter((s) => s.withTeams).map((s) => s.name).sort();
}
