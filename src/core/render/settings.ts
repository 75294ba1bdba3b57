import type { DesiredSetting } from '../claude/settings-plan.js';
import type { Catalog } from '../library/model.js';
import { SETTINGS_SHARED } from '../paths.js';
import type { ResolvedAgent } from '../resolve/resolver.js';
import type { TeamData } from '../team/schema.js';
import { integrationSettings } from './integration-settings.js';
import { skillUsers } from './skill-users.js';
import { integrationChoices } from './integrations.js';

export interface SettingsInput {
  team: TeamData;
  catalog: Catalog;
  agents: ResolvedAgent[];
}

/**
 * Every settings entry the team needs, merged key by key into Claude Code's JSON files
 * (claude/settings-plan.ts). Add new kinds of entries here, one function each.
 */
export function desiredSettings(input: SettingsInput): DesiredSetting[] {
  const users = skillUsers(input.agents);
  return [...listingSettings(listedSkills(input.catalog, users), users), ...integrationSettings(input.agents, input.catalog, integrationChoices(input.team))];
}

/**
 * The main session lists every model-invocable skill with its description, within about 1 % of
 * the context window (8,000 chars on a 200k model): a team's skills would not fit. `name-only`
 * is the one override that keeps a skill preloadable and invocable by agents while costing only
 * its name there (docs/claude-code-findings.md §1); the skills the main session uses itself keep
 * their description.
 */
export function listedSkills(catalog: Catalog, users: ReadonlyMap<string, string[]>): string[] {
  return [...users.keys()].sort().filter((name) => !catalog.skills[name]?.mainSession);
}

/** The `name-only` override of each listed skill, owned by the agents that use it. */
export function listingSettings(names: readonly string[], users: ReadonlyMap<string, string[]>): DesiredSetting[] {
  return names.map((name) => ({ file: SETTINGS_SHARED, key: ['skillOverrides', name], value: 'name-only', agents: users.get(name) ?? [] }));
}
