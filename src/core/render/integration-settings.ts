import type { DesiredSetting } from '../claude/settings-plan.js';
import type { Catalog } from '../library/model.js';
import { own } from '../own.js';
import { MCP_FILE, SETTINGS_SHARED } from '../paths.js';
import type { ResolvedAgent } from '../resolve/resolver.js';
import { AGENT_TEAMS_ENV, hookGroup, mcpConfig, scopeOf, type IntegrationChoices } from './integrations.js';

/**
 * The settings entries of the whole team: the agent-teams env key, project-wide hooks (one array
 * item each, under their event) and project-wide MCP servers (one key each in `.mcp.json`).
 * An entry needed by several agents appears once, in a stable order.
 */
export function integrationSettings(agents: ResolvedAgent[], catalog: Catalog, choices: IntegrationChoices): DesiredSetting[] {
  const entries: DesiredSetting[] = [];
  if (choices.teams) entries.push({ file: SETTINGS_SHARED, key: ['env', AGENT_TEAMS_ENV], value: '1' });
  const hooks = new Map<string, string[]>();
  const servers = new Map<string, string[]>();
  const need = (into: Map<string, string[]>, name: string, agent: string) => into.set(name, [...new Set([...(into.get(name) ?? []), agent])].sort());
  for (const agent of agents) {
    for (const n of agent.hooks) if (choices.hooks(n) && scopeOf(own(catalog.hooks, n) ?? {}, 'project') === 'project') need(hooks, n, agent.name);
    for (const n of agent.mcpServers) if (choices.mcp(n) && scopeOf(own(catalog.mcpServers, n) ?? {}, 'project') === 'project') need(servers, n, agent.name);
  }
  for (const n of [...hooks.keys()].sort()) {
    const hook = own(catalog.hooks, n);
    if (hook) entries.push({ file: SETTINGS_SHARED, key: ['hooks', hook.event], value: hookGroup(hook), item: true, agents: hooks.get(n)! });
  }
  for (const n of [...servers.keys()].sort()) {
    const server = own(catalog.mcpServers, n);
    if (server) entries.push({ file: MCP_FILE, key: ['mcpServers', n], value: mcpConfig(server), agents: servers.get(n)! });
  }
  return entries;
}
